package siaga.intake.open311;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import siaga.contracts.Json;

/**
 * The two formats of GeoReport v2, chosen by the resource's extension ({@code services.xml}, {@code requests.json}).
 * A response is built once as ordered maps and lists and written either way: JSON as the maps themselves (null
 * fields kept, as the spec lists every field), XML with the spec's root element around the items, one element per
 * field, and a list field written as a wrapper with one child per entry ({@code <attributes><attribute>}).
 */
public enum Open311Format {
    JSON("json", "application/json; charset=utf-8"),
    XML("xml", "text/xml; charset=utf-8");

    private final String extension;
    private final String contentType;

    Open311Format(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** The format named by {@code resource}'s extension, or null when it has none of ours. */
    public static Open311Format of(String resource) {
        for (Open311Format format : values()) {
            if (resource.endsWith("." + format.extension)) {
                return format;
            }
        }
        return null;
    }

    /** {@code resource} without its format extension. */
    public String strip(String resource) {
        return resource.substring(0, resource.length() - extension.length() - 1);
    }

    /** A list of items: in JSON an array, in XML {@code <root><item>...</item>...</root>}. */
    public String list(String root, String item, List<Map<String, Object>> items) {
        if (this == JSON) {
            return json(items);
        }
        return xml(w -> {
            w.writeStartElement(root);
            for (Map<String, Object> entry : items) {
                element(w, item, entry);
            }
            w.writeEndElement();
        });
    }

    /** A single object: in JSON an object, in XML {@code <root>fields</root>}. */
    public String single(String root, Map<String, Object> fields) {
        if (this == JSON) {
            return json(fields);
        }
        return xml(w -> element(w, root, fields));
    }

    private interface XmlBody {
        void write(XMLStreamWriter writer) throws XMLStreamException;
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String xml(XmlBody body) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter writer = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            writer.writeStartDocument("utf-8", "1.0");
            body.write(writer);
            writer.writeEndDocument();
            writer.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static void element(XMLStreamWriter w, String name, Map<String, Object> fields) throws XMLStreamException {
        w.writeStartElement(name);
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            Object value = field.getValue();
            if (value instanceof List<?> list) {
                w.writeStartElement(field.getKey());
                String child = field.getKey().endsWith("s") ? field.getKey().substring(0, field.getKey().length() - 1)
                        : field.getKey();
                for (Object entry : list) {
                    if (entry instanceof Map<?, ?> map) {
                        element(w, child, (Map<String, Object>) map);
                    } else {
                        w.writeStartElement(child);
                        w.writeCharacters(String.valueOf(entry));
                        w.writeEndElement();
                    }
                }
                w.writeEndElement();
            } else if (value == null) {
                w.writeEmptyElement(field.getKey());
            } else {
                w.writeStartElement(field.getKey());
                w.writeCharacters(String.valueOf(value));
                w.writeEndElement();
            }
        }
        w.writeEndElement();
    }
}

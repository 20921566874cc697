package siaga.sla.whatif;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import siaga.contracts.Event;
import siaga.contracts.events.SlaEvent;
import siaga.contracts.events.StageCorrected;
import siaga.contracts.events.StageMet;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.sla.summary.StageHistogram;
import siaga.sla.timeline.ComplaintTimeline;
import siaga.sla.timeline.TimelineStep;

/**
 * Measures past complaints again under other reference data (a draft policy or holiday calendar), by the very fold
 * the SLA monitor runs ({@link ComplaintTimeline#evolve}), in memory: nothing is published and no store or topic of
 * the live monitor is touched. Each completion counts in its stage's {@link StageHistogram}, keyed
 * {@code <jurisdiction>/<category>/<stage>}; a stage met late counts once, as its StageMet outside target, and a
 * corrected one as its correction. Breaches of stages still open are not evaluated: only completions, as the
 * monitor's compliance and percentiles count them.
 *
 * <p>Not thread-safe; one evaluation per instance.
 */
public final class WhatIf {
    private final ReferenceCatalog reference;
    private final Map<String, ComplaintTimeline> timelines = new HashMap<>();
    private final Map<String, StageHistogram> figures = new TreeMap<>();
    private long rejected;

    public WhatIf(ReferenceCatalog reference) {
        this.reference = reference;
    }

    /** Folds {@code events}, in the order they were written, each keyed by its complaint ({@code subjectId}). */
    public WhatIf fold(List<Event<?>> events) {
        for (Event<?> event : events) {
            String complaintId = event.subjectId();
            TimelineStep step = ComplaintTimeline.evolve(timelines.get(complaintId), event, reference);
            if (step.timeline() != null) {
                timelines.put(complaintId, step.timeline());
            }
            if (step.rejection() != null) {
                rejected++;
            }
            for (SlaEvent fact : step.facts()) {
                count(step.timeline().jurisdiction(), fact);
            }
        }
        return this;
    }

    /** The completions per {@code <jurisdiction>/<category>/<stage>}, in key order. */
    public Map<String, StageHistogram> figures() {
        return java.util.Collections.unmodifiableMap(figures);
    }

    /** Events the fold refused (the live monitor dead-letters them); a draft that drops a category refuses its reports. */
    public long rejected() {
        return rejected;
    }

    private void count(String jurisdiction, SlaEvent fact) {
        String key = jurisdiction + "/" + fact.category() + "/" + fact.stage().wireName();
        if (fact instanceof StageMet met) {
            figures.computeIfAbsent(key, k -> StageHistogram.empty()).record(met.elapsedMillis(), met.withinTarget());
        } else if (fact instanceof StageCorrected corrected) {
            figures.computeIfAbsent(key, k -> StageHistogram.empty()).record(corrected.elapsedMillis(), corrected.withinTarget());
        }
    }
}

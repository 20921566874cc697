package siaga.runtime.access;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import siaga.contracts.ActorRole;

/**
 * Who a route admits, stated for every route when it is registered ({@link RouteTable}): anyone ({@link #PUBLIC}),
 * an Open311 integrator whose {@code api_key} the handler checks against the reference data ({@link #INTEGRATOR}),
 * or a signed-in user in one of the given roles ({@link #of}), checked by the table before the handler runs.
 *
 * <p>{@link #wireNames()} is what the route's OpenAPI operation lists as {@code x-roles}.
 */
public record Roles(Kind kind, Set<ActorRole> roles) {
    public enum Kind { PUBLIC, API_KEY, SESSION }

    public static final Roles PUBLIC = new Roles(Kind.PUBLIC, Set.of());
    public static final Roles INTEGRATOR = new Roles(Kind.API_KEY, Set.of(ActorRole.INTEGRATOR));

    public Roles {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        boolean consistent = switch (kind) {
            case PUBLIC -> roles.isEmpty();
            case API_KEY -> roles.equals(Set.of(ActorRole.INTEGRATOR));
            case SESSION -> !roles.isEmpty() && !roles.contains(ActorRole.INTEGRATOR);
        };
        if (!consistent) {
            throw new IllegalArgumentException("a public route names no roles, an api-key route the integrator, and a"
                    + " signed-in route the roles it admits; not " + kind + " " + roles);
        }
    }

    /** A session in one of these roles; citizens and the system never sign in, so they cannot be named. */
    public static Roles of(ActorRole first, ActorRole... more) {
        EnumSet<ActorRole> roles = EnumSet.of(first, more);
        if (roles.contains(ActorRole.CITIZEN) || roles.contains(ActorRole.SYSTEM) || roles.contains(ActorRole.INTEGRATOR)) {
            throw new IllegalArgumentException("citizens, integrators and the system have no session: " + roles);
        }
        return new Roles(Kind.SESSION, roles);
    }

    public boolean admits(ActorRole role) {
        return roles.contains(role);
    }

    /** {@code ["public"]}, {@code ["integrator"]} or the roles' wire names in alphabetical order. */
    public List<String> wireNames() {
        if (kind == Kind.PUBLIC) {
            return List.of("public");
        }
        return roles.stream().map(Roles::wireName).sorted().toList();
    }

    public static String wireName(ActorRole role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return String.join(" or ", wireNames());
    }
}

package siaga.runtime.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import siaga.contracts.ActorRole;

class RolesTest {
    @Test
    void wireNamesAreWhatTheApiDescriptionListsAsXRoles() {
        assertThat(Roles.PUBLIC.wireNames()).containsExactly("public");
        assertThat(Roles.INTEGRATOR.wireNames()).containsExactly("integrator");
        assertThat(Roles.of(ActorRole.OPERATOR, ActorRole.MANAGER, ActorRole.INSPECTOR).wireNames())
                .containsExactly("inspector", "manager", "operator");
    }

    @Test
    void aRouteCannotAdmitRolesThatHaveNoSessionNorBeHalfPublic() {
        assertThatThrownBy(() -> Roles.of(ActorRole.CITIZEN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Roles.of(ActorRole.OPERATOR, ActorRole.SYSTEM)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Roles(Roles.Kind.SESSION, Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Roles(Roles.Kind.PUBLIC, Set.of(ActorRole.OPERATOR))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Roles(Roles.Kind.API_KEY, Set.of(ActorRole.OPERATOR))).isInstanceOf(IllegalArgumentException.class);
    }
}

package siaga.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum ActorRole {
    @JsonProperty("operator") OPERATOR,
    @JsonProperty("crew") CREW,
    @JsonProperty("manager") MANAGER,
    @JsonProperty("citizen") CITIZEN,
    @JsonProperty("integrator") INTEGRATOR,
    @JsonProperty("inspector") INSPECTOR,
    @JsonProperty("system") SYSTEM
}

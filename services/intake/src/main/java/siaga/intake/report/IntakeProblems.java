package siaga.intake.report;

import java.util.List;
import siaga.runtime.http.FieldError;
import siaga.runtime.http.ProblemException;

/** Problems intake answers beyond the shared ones in {@link ProblemException}. */
public final class IntakeProblems {
    private IntakeProblems() {
    }

    /** 422: well-formed, but against a rule of the jurisdiction or of the complaint's state; names the fields. */
    public static ProblemException unprocessable(String detail, List<FieldError> errors) {
        return new ProblemException(422, "unprocessable", "Unprocessable request", detail, errors);
    }
}

package siaga.dispatcher.board;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import siaga.contracts.GeoPoint;

/**
 * One crew as its department's board sees it: on shift or not, its last known location (where it started its
 * shift, or its depot), when its shift last changed (to refuse stale or repeated shift events) and the
 * complaints it has open.
 */
public record CrewOnBoard(String crewId, boolean onShift, GeoPoint location, Instant shiftChangedAt, List<String> openJobs) {
    public CrewOnBoard {
        openJobs = List.copyOf(openJobs);
    }

    CrewOnBoard withShift(boolean on, GeoPoint at, Instant changedAt) {
        return new CrewOnBoard(crewId, on, at, changedAt, openJobs);
    }

    CrewOnBoard withJob(String complaintId) {
        List<String> jobs = new ArrayList<>(openJobs);
        jobs.add(complaintId);
        return new CrewOnBoard(crewId, onShift, location, shiftChangedAt, jobs);
    }

    CrewOnBoard withoutJob(String complaintId) {
        List<String> jobs = new ArrayList<>(openJobs);
        jobs.remove(complaintId);
        return new CrewOnBoard(crewId, onShift, location, shiftChangedAt, jobs);
    }
}

package siaga.dispatcher.board;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import siaga.contracts.GeoPoint;

/**
 * One crew as its department's board sees it: on shift or not, its last known location and when it was taken
 * (a reported location, else where it started its shift; null before either), when its shift last changed (to
 * refuse stale or repeated shift events) and the complaints it has open, oldest first.
 */
public record CrewOnBoard(String crewId, boolean onShift, GeoPoint location, Instant locationAt, Instant shiftChangedAt,
                          List<String> openJobs) {
    public CrewOnBoard {
        openJobs = List.copyOf(openJobs);
    }

    CrewOnBoard withShift(boolean on, Instant changedAt) {
        return new CrewOnBoard(crewId, on, location, locationAt, changedAt, openJobs);
    }

    CrewOnBoard withLocation(GeoPoint at, Instant when) {
        return new CrewOnBoard(crewId, onShift, at, when, shiftChangedAt, openJobs);
    }

    CrewOnBoard withJob(String complaintId) {
        List<String> jobs = new ArrayList<>(openJobs);
        jobs.add(complaintId);
        return new CrewOnBoard(crewId, onShift, location, locationAt, shiftChangedAt, jobs);
    }

    CrewOnBoard withoutJob(String complaintId) {
        List<String> jobs = new ArrayList<>(openJobs);
        jobs.remove(complaintId);
        return new CrewOnBoard(crewId, onShift, location, locationAt, shiftChangedAt, jobs);
    }
}

package dev.outagelab.lab.status;

import java.util.List;

/**
 * The lab as `lab status` sees it.
 *
 * @param up         a supervisor is running for the state dir
 * @param portOffset the running lab's port offset (0 when not up)
 * @param entries    all instances when up; when not up, only instances still alive (left over)
 */
public record LabStatus(boolean up, int portOffset, List<StatusEntry> entries) {
}

//! The meeting vocabularies (kind, state, attendance, task state), which state may
//! follow which, and where the agenda's release stands.

crate::domain::enums::vocabulary!(
    /// The two kinds of meeting.
    MeetingKind {
        Ag => ("ag", "AG-Sitzung"),
        Quartal => ("quartal", "Gemeinsame Quartalsberatung"),
    }
);

crate::domain::enums::vocabulary!(
    /// Meeting states (OParl vocabulary plus abgesagt).
    MeetingState {
        Terminiert => ("terminiert", "terminiert"),
        Eingeladen => ("eingeladen", "eingeladen"),
        Durchgefuehrt => ("durchgefuehrt", "durchgeführt"),
        Abgesagt => ("abgesagt", "abgesagt"),
    }
);

crate::domain::enums::vocabulary!(
    /// Attendance of a participant.
    Attendance {
        Anwesend => ("anwesend", "anwesend"),
        Entschuldigt => ("entschuldigt", "entschuldigt"),
        Abwesend => ("abwesend", "abwesend"),
    }
);

crate::domain::enums::vocabulary!(
    /// State of a task (Aufgabe) from the minutes.
    TaskState {
        Offen => ("offen", "offen"),
        InBearbeitung => ("in_bearbeitung", "in Bearbeitung"),
        Erledigt => ("erledigt", "erledigt"),
        Zurueckgestellt => ("zurueckgestellt", "zurückgestellt"),
        Entfallen => ("entfallen", "entfallen"),
    }
);

impl MeetingState {
    /// Which state may follow which: terminiert → eingeladen → durchgeführt; every
    /// meeting not yet held may be cancelled, and a cancelled one planned again.
    pub fn may_become(self, next: MeetingState) -> bool {
        use MeetingState::*;
        matches!(
            (self, next),
            (Terminiert, Eingeladen)
                | (Terminiert, Durchgefuehrt)
                | (Eingeladen, Durchgefuehrt)
                | (Terminiert, Abgesagt)
                | (Eingeladen, Abgesagt)
                | (Abgesagt, Terminiert)
        )
    }
}

impl TaskState {
    pub fn is_open(self) -> bool {
        matches!(self, TaskState::Offen | TaskState::InBearbeitung)
    }
}

/// Where the agenda's release stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReleaseState {
    NotReleased,
    Released,
    ChangedAfterRelease,
}

pub fn release_state(released: bool, changed_after: bool) -> ReleaseState {
    match (released, changed_after) {
        (false, _) => ReleaseState::NotReleased,
        (true, false) => ReleaseState::Released,
        (true, true) => ReleaseState::ChangedAfterRelease,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_follow_the_oparl_order() {
        assert!(MeetingState::Terminiert.may_become(MeetingState::Eingeladen));
        assert!(!MeetingState::Durchgefuehrt.may_become(MeetingState::Abgesagt));
        assert!(!MeetingState::Abgesagt.may_become(MeetingState::Durchgefuehrt));
    }

    #[test]
    fn release_states() {
        assert_eq!(release_state(true, true), ReleaseState::ChangedAfterRelease);
        assert_eq!(release_state(false, true), ReleaseState::NotReleased);
    }
}

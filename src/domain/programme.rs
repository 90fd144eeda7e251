//! The vocabulary of a programme's revisions (Fortschreibungen): what a recorded change
//! concerns and what kind of change it is.

use super::enums::vocabulary;

vocabulary!(
    /// What a recorded change of a revision concerns.
    ChangeSubject {
        Massnahme => ("massnahme", "Maßnahme"),
        Ziel => ("ziel", "Ziel"),
    }
);

vocabulary!(
    /// The kind of a recorded change: added, changed or dropped in this revision.
    ChangeKind {
        Neu => ("neu", "neu"),
        Geaendert => ("geaendert", "geändert"),
        Entfallen => ("entfallen", "entfallen"),
    }
);

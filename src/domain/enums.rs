//! The closed vocabularies of the domain, with their database keys and German labels.

/// A value stored in the database as its key (every vocabulary below); the database
/// layer binds it as text on either backend.
pub trait Keyed {
    fn db_key(&self) -> &'static str;
}

/// Declares an enum with a stable database key and a German UI label per variant.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => ($key:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The key stored in the database and used in forms and URLs.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// The German label shown to users.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(key: &str) -> Option<Self> {
                match key { $($key => Some($name::$variant),)+ _ => None }
            }
        }

        impl $crate::domain::enums::Keyed for $name {
            fn db_key(&self) -> &'static str {
                self.key()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }

        // Stored as its key (TEXT) on every backend; an unknown stored key is a decode
        // error, never a silent default.
        impl<DB: sqlx::Database> sqlx::Type<DB> for $name
        where
            str: sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as sqlx::Type<DB>>::type_info()
            }
            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as sqlx::Type<DB>>::compatible(ty)
            }
        }

        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $name
        where
            &'r str: sqlx::Decode<'r, DB>,
        {
            fn decode(
                value: <DB as sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let key = <&'r str as sqlx::Decode<'r, DB>>::decode(value)?;
                $name::parse(key).ok_or_else(|| {
                    format!("unknown {} key in the database: {key:?}", stringify!($name)).into()
                })
            }
        }

        // From its key, as JSON rows carry it (`db::WideRow`); an unknown key is an error.
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let key = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                $name::parse(&key).ok_or_else(|| {
                    serde::de::Error::custom(format!("unknown {} key: {key:?}", stringify!($name)))
                })
            }
        }

        impl<'q, DB: sqlx::Database> sqlx::Encode<'q, DB> for $name
        where
            &'static str: sqlx::Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut <DB as sqlx::Database>::ArgumentBuffer,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&'static str as sqlx::Encode<'q, DB>>::encode(self.key(), buf)
            }
        }
    };
}
pub(crate) use vocabulary;

vocabulary!(
    /// Account roles (SPEC §2).
    Role {
        Admin => ("admin", "Administration"),
        Ag => ("ag", "AG-Mitglied"),
        Leitung => ("leitung", "Leitung"),
        Rat => ("rat", "Ratsmitglied"),
    }
);

vocabulary!(
    /// Status of a measure.
    Status {
        Geplant => ("geplant", "Geplant"),
        Vorbereitung => ("vorbereitung", "In Vorbereitung"),
        Umsetzung => ("umsetzung", "In Umsetzung"),
        Abgeschlossen => ("abgeschlossen", "Abgeschlossen"),
        Zurueckgestellt => ("zurueckgestellt", "Zurückgestellt"),
        Verworfen => ("verworfen", "Verworfen"),
    }
);

vocabulary!(
    /// Traffic light of a measure; always shown with its text, never by colour alone.
    Ampel {
        Gruen => ("gruen", "Grün – im Plan"),
        Gelb => ("gelb", "Gelb – Verzug/Risiko"),
        Rot => ("rot", "Rot – gefährdet"),
    }
);

vocabulary!(
    /// Priority of a measure.
    Priority {
        Hoch => ("hoch", "hoch"),
        Mittel => ("mittel", "mittel"),
        Niedrig => ("niedrig", "niedrig"),
    }
);

vocabulary!(
    /// State of a DSB / ISB / Personalrat sign-off.
    SignOffState {
        NichtErforderlich => ("nicht_erforderlich", "nicht erforderlich"),
        Offen => ("offen", "offen"),
        Erteilt => ("erteilt", "erteilt"),
        MitAuflagen => ("mit_auflagen", "mit Auflagen"),
    }
);

vocabulary!(
    /// The three sign-off tracks.
    SignOffTrack {
        Dsb => ("dsb", "Datenschutz (DSB)"),
        Isb => ("isb", "Informationssicherheit (ISB)"),
        Pr => ("pr", "Personalrat"),
    }
);

impl Role {
    /// May this role change measures, post status updates, plan meetings?
    pub fn can_edit_programme(self) -> bool {
        matches!(self, Role::Admin | Role::Ag)
    }

    /// May this role see internal data (people, drafts, history authors)?
    pub fn is_internal(self) -> bool {
        !matches!(self, Role::Rat)
    }
}

impl Status {
    /// A measure in this status is being worked on or prepared: it carries an Ampel,
    /// counts as running in reports and must report a Sachstand.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            Status::Geplant | Status::Vorbereitung | Status::Umsetzung
        )
    }

    /// The one Ampel rule: only a running measure carries an Ampel. A completed,
    /// deferred or dropped measure shows none and is counted under no colour
    /// (overview, lists, detail, programme pages and reports all ask here).
    pub fn shown_ampel(self, stored: Ampel) -> Option<Ampel> {
        self.is_active().then_some(stored)
    }

    /// Work has started: a status update to this status sets the measure's actual start
    /// (preparation is not yet work on the measure itself).
    pub fn work_started(self) -> bool {
        matches!(self, Status::Umsetzung | Status::Abgeschlossen)
    }
}

impl Ampel {
    /// A short word for the badge, so meaning never depends on colour.
    pub fn short(self) -> &'static str {
        match self {
            Ampel::Gruen => "Grün",
            Ampel::Gelb => "Gelb",
            Ampel::Rot => "Rot",
        }
    }

    /// What the colour means, shown after the badge ("im Plan").
    pub fn meaning(self) -> &'static str {
        match self {
            Ampel::Gruen => "im Plan",
            Ampel::Gelb => "Verzug/Risiko",
            Ampel::Rot => "gefährdet",
        }
    }

    /// Symbol shown in the badge next to the word (shape as a second cue).
    pub fn symbol(self) -> &'static str {
        match self {
            Ampel::Gruen => "●",
            Ampel::Gelb => "▲",
            Ampel::Rot => "■",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.key()), Some(*s));
        }
        assert_eq!(Ampel::parse("lila"), None);
        assert_eq!(Role::parse("rat"), Some(Role::Rat));
    }

    #[test]
    fn only_running_measures_carry_an_ampel() {
        assert_eq!(
            Status::Umsetzung.shown_ampel(Ampel::Gelb),
            Some(Ampel::Gelb)
        );
        assert_eq!(
            Status::Geplant.shown_ampel(Ampel::Gruen),
            Some(Ampel::Gruen)
        );
        for s in [
            Status::Abgeschlossen,
            Status::Zurueckgestellt,
            Status::Verworfen,
        ] {
            assert_eq!(s.shown_ampel(Ampel::Gruen), None, "{s:?}");
        }
    }
}

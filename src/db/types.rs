//! Column types that read the same on both backends. Dates are ISO text in both schemas
//! (`YYYY-MM-DD`); sqlx reads such text as a `NaiveDate` on SQLite but only a `date`
//! column on PostgreSQL, so a row field that is a date says
//! `#[sqlx(try_from = "IsoDate")]` (or `"OptIsoDate"`) and is parsed here.

use chrono::NaiveDate;

/// A `YYYY-MM-DD` text column read as a date.
#[derive(Debug, Clone, Copy)]
pub struct IsoDate(pub NaiveDate);

/// A nullable `YYYY-MM-DD` text column read as an optional date.
#[derive(Debug, Clone, Copy)]
pub struct OptIsoDate(pub Option<NaiveDate>);

impl From<IsoDate> for NaiveDate {
    fn from(d: IsoDate) -> Self {
        d.0
    }
}

impl From<OptIsoDate> for Option<NaiveDate> {
    fn from(d: OptIsoDate) -> Self {
        d.0
    }
}

fn parse(text: &str) -> Result<NaiveDate, sqlx::error::BoxDynError> {
    // a timestamp column read as its day is fine too ("2026-11-28T09:00:00Z")
    let day = text.get(..10).unwrap_or(text);
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map_err(|e| format!("kein Datum in der Datenbank: {text:?} ({e})").into())
}

impl<DB: sqlx::Database> sqlx::Type<DB> for IsoDate
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

impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for IsoDate
where
    &'r str: sqlx::Decode<'r, DB>,
{
    fn decode(
        value: <DB as sqlx::Database>::ValueRef<'r>,
    ) -> Result<Self, sqlx::error::BoxDynError> {
        Ok(IsoDate(parse(<&'r str as sqlx::Decode<'r, DB>>::decode(
            value,
        )?)?))
    }
}

impl<DB: sqlx::Database> sqlx::Type<DB> for OptIsoDate
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

impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for OptIsoDate
where
    Option<&'r str>: sqlx::Decode<'r, DB>,
{
    fn decode(
        value: <DB as sqlx::Database>::ValueRef<'r>,
    ) -> Result<Self, sqlx::error::BoxDynError> {
        match <Option<&'r str> as sqlx::Decode<'r, DB>>::decode(value)? {
            Some(text) => Ok(OptIsoDate(Some(parse(text)?))),
            None => Ok(OptIsoDate(None)),
        }
    }
}

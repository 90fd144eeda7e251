//! Success messages after a redirect (POST → redirect → GET). The redirect carries only
//! the message's key (`?meldung=…`), chosen from this fixed list, so no user input is
//! ever echoed from the query string.

use serde::Deserialize;

use crate::domain::enums::vocabulary;

vocabulary!(
    /// Every success message, keyed by its `?meldung=` value.
    Flash {
        Sachstand => ("sachstand", "Die Sachstandsmeldung wurde gespeichert."),
        Gespeichert => ("gespeichert", "Die Änderungen wurden gespeichert."),
        Angelegt => ("angelegt", "Die Maßnahme wurde angelegt."),
        Archiviert => ("archiviert", "Die Maßnahme wurde archiviert."),
        Wiederhergestellt => ("wiederhergestellt", "Die Maßnahme wurde wiederhergestellt."),
        Benutzer => ("benutzer", "Das Benutzerkonto wurde gespeichert."),
        Abgemeldet => ("abgemeldet", "Sie wurden abgemeldet."),
        Passwort => ("passwort", "Ihr Passwort wurde geändert. Alle anderen Anmeldungen wurden beendet."),
        Erwartung => ("erwartung", "Die Erwartung wurde erfasst."),
        Bewertet => ("bewertet", "Die Bewertung wurde als neue Fassung gespeichert."),
        Entschieden => ("entschieden", "Empfehlung und Entscheidung wurden gespeichert."),
        Uebernommen => ("uebernommen", "Die Erwartung wurde angenommen und als Maßnahme angelegt. Bitte ergänzen Sie die Angaben über „Bearbeiten“."),
        Messwert => ("messwert", "Der Messwert wurde gespeichert."),
        Ziel => ("ziel", "Das Ziel wurde angelegt."),
        ZielGeaendert => ("ziel_geaendert", "Das Ziel wurde geändert."),
        Haushalt => ("haushalt", "Die Haushaltszeile wurde gespeichert."),
        Kapazitaet => ("kapazitaet", "Die Kapazität wurde gespeichert."),
        Handlungsfeld => ("handlungsfeld", "Das Handlungsfeld wurde gespeichert."),
        HandlungsfeldNeu => ("handlungsfeld_neu", "Das Handlungsfeld wurde angelegt."),
        Fortschreibung => ("fortschreibung", "Die Fortschreibung wurde angelegt."),
        Aenderung => ("aenderung", "Die Änderung wurde bei der Fassung vermerkt."),
        Sitzung => ("sitzung", "Die Sitzung wurde angelegt."),
        Serie => ("serie", "Die Sitzungsserie wurde angelegt."),
        Top => ("top", "Der Tagesordnungspunkt wurde hinzugefügt."),
        Entwurf => ("entwurf", "Die Tagesordnung wurde aus dem Programmstand ergänzt."),
        Unveraendert => ("unveraendert", "Der Programmstand ergibt keine neuen Tagesordnungspunkte."),
        Entfernt => ("entfernt", "Der Tagesordnungspunkt wurde entfernt."),
        Kommentar => ("kommentar", "Ihr Kommentar wurde gespeichert."),
        Freigegeben => ("freigegeben", "Die Tagesordnung wurde freigegeben."),
        Beschluss => ("beschluss", "Der Beschluss wurde gespeichert."),
        Aufgabe => ("aufgabe", "Die Aufgabe wurde gespeichert."),
        Genehmigt => ("genehmigt", "Das Protokoll der vorherigen Sitzung wurde genehmigt."),
        BerichtAngelegt => ("bericht_angelegt", "Der Berichtsentwurf wurde angelegt."),
        BerichtFreigegeben => ("bericht_freigegeben", "Der Bericht wurde freigegeben und ist nun unveränderlich."),
        Abfrage => ("abfrage", "Die Sachstandsabfrage wurde gestartet."),
        BenutzerAngelegt => ("benutzer_angelegt", "Das Benutzerkonto wurde angelegt."),
        PasswortZurueckgesetzt => ("passwort_zurueckgesetzt", "Das Passwort wurde zurückgesetzt."),
        Kalenderadresse => ("kalenderadresse", "Die geheime Kalenderadresse wurde neu erzeugt. Frühere Adressen gelten nicht mehr."),
        Zusammengefuehrt => ("zusammengefuehrt", "Gespeichert. Ihre Änderungen wurden mit einer zwischenzeitlich gespeicherten Änderung zusammengeführt: Felder, die nur dort geändert wurden, blieben erhalten."),
        Briefkopf => ("briefkopf", "Der Briefkopf der Vorlagen wurde gespeichert. Er gilt für Berichte, die ab jetzt freigegeben werden."),
        EntwurfAktualisiert => ("entwurf_aktualisiert", "Die Tagesordnung wurde aus dem aktuellen Programmstand aktualisiert. Kommentare sind erhalten."),
        KalenderadresseAngelegt => ("kalenderadresse_angelegt", "Ihre geheime Kalenderadresse wurde erzeugt."),
        Transparenz => ("transparenz", "Die Einstellungen der Transparenzseite wurden gespeichert."),
        // issue 14: e-mail
        EmailErneut => ("email_erneut", "Die E-Mail wurde erneut in den Versand gegeben."),
        Benachrichtigungen => ("benachrichtigungen", "Ihre Einstellungen zu Benachrichtigungen wurden gespeichert."),
    }
);

impl Flash {
    /// The sentence shown at the top of the page.
    pub fn message(self) -> &'static str {
        self.label()
    }

    /// The message for a `?meldung=` value; an unknown key shows none.
    pub fn from_key(key: Option<&str>) -> Option<Flash> {
        key.and_then(Flash::parse)
    }
}

/// The `?meldung=` query of a page that shows success messages.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct FlashQuery {
    pub meldung: Option<String>,
}

impl FlashQuery {
    /// The message to show; an unknown key shows none.
    pub fn flash(&self) -> Option<Flash> {
        Flash::from_key(self.meldung.as_deref())
    }
}

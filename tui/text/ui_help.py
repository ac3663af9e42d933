# ruff: noqa: E501
"""The help screen's text and the UI messages added for issue 17 (nl, en).

Paragraphs are single lines: the help screen wraps them to the width it has. The key table is
not written here: the help screen builds it from the bindings in force (``[keys]`` included).
"""

from __future__ import annotations

HELP_TEXT: dict[str, str] = {
    "nl": """\
KOPPELAAR: Loket.nl koppelen aan XpertSuite van NN

De handleiding van NN in drie stappen; Koppelaar controleert elke stap in Loket.nl voordat er iets wordt verstuurd.

STAP 1  Maak een nieuwe Loket.nl-gebruiker, alleen voor deze koppeling
- een standaard gebruiker (geen webservicegebruiker), actief (niet geblokkeerd)
- met toegang tot de werkgever (via een team of direct bij de werkgever)
- met deze rechten, precies zo genoemd in Loket.nl:
    Beheren en raadplegen BSN
    Raadplegen beloningen
    Raadplegen dienstverbanden
    Raadplegen HRM
    Raadplegen loonoutput
    Raadplegen variabele gegevens
Gebruikers aanmaken vraagt applicatiebeheerder-rechten in Loket.nl. Heeft u die niet: vraag het uw administratiekantoor of accountant; een administratiekantoor vraagt het Loket.nl (api@loket.nl).

STAP 2  Zoek het werkgever ID op
Klassiek Loket.nl: Werkgever > tab Bedrijfsinformatie > veld Werkgever ID.
Nieuw Loket.nl: Ga naar de nieuwe versie van Loket.nl > zoek het bedrijf > Bedrijfsgegevens > blok Algemeen.
Het is NIET het cliëntnummer en NIET het administratienummer.

STAP 3  Stuur de gegevens naar NN
E-mail aan spa.inkomen@nn.nl met de gebruikersnaam, het wachtwoord en het werkgever ID. Een .eml-bestand of het klembord geeft het bericht aan u; het telt pas als verzonden als u dat meldt (m).

CONTACT
Vragen over de koppeling: spa.inkomen@nn.nl
Vragen over Loket.nl: api@loket.nl""",
    "en": """\
KOPPELAAR: connecting Loket.nl to NN's XpertSuite

NN's manual in three steps; Koppelaar checks each step in Loket.nl before anything is sent.

STEP 1  Create a new Loket.nl user, for this connection only
- a standard user (not a webservicegebruiker), active (not blocked)
- with access to the employer (through a team or directly at the employer)
- with these rights, named exactly as Loket.nl shows them:
    Beheren en raadplegen BSN
    Raadplegen beloningen
    Raadplegen dienstverbanden
    Raadplegen HRM
    Raadplegen loonoutput
    Raadplegen variabele gegevens
Creating users needs applicatiebeheerder rights in Loket.nl. Without them: ask your provider (administratiekantoor or accountant); a provider asks Loket.nl (api@loket.nl).

STEP 2  Look up the werkgever ID
Classic Loket.nl: Werkgever > tab Bedrijfsinformatie > field Werkgever ID.
New Loket.nl: Ga naar de nieuwe versie van Loket.nl > find the company > Bedrijfsgegevens > box Algemeen.
It is NOT the client number (cliëntnummer) nor the administration number.

STEP 3  Send the data to NN
Email spa.inkomen@nn.nl with the username, the password and the werkgever ID. An .eml file or the clipboard hands the message to you; it counts as sent once you say so (m).

CONTACTS
Questions on the connection: spa.inkomen@nn.nl
Questions on Loket.nl: api@loket.nl""",
}

UI_MORE: dict[str, tuple[str, str]] = {
    # statuses and submission (exported = klaargezet)
    "bind.mark_sent": ("Verzonden", "Sent"),
    "palette.mark_sent": ("Markeren als verzonden", "Mark as sent"),
    "submit.exported": (
        "Klaargezet (nog niet verzonden): {name}",
        "Exported (not sent yet): {name}",
    ),
    "submit.already_exported": (
        "{name} is op {when} klaargezet ({method}) maar nog niet als verzonden gemeld. Meld het "
        "als verzonden met m, of vink hieronder aan om het opnieuw aan te bieden.",
        "{name} was exported on {when} ({method}) but not reported as sent yet. Mark it as sent "
        "with m, or tick below to hand it over again.",
    ),
    "submit.eml_outbox": (
        "Standaard in uw privé-postvak (alleen voor u leesbaar).",
        "By default in your private outbox (readable by you only).",
    ),
    "sent.title": ("Markeren als verzonden?", "Mark as sent?"),
    "sent.body": (
        "Heeft u het bericht voor {name} zelf naar NN verstuurd ({method}, klaargezet op {when})? "
        "Dit wordt vastgelegd in het profiel.",
        "Did you send the message for {name} to NN yourself ({method}, exported on {when})? "
        "This is recorded in the profile.",
    ),
    "sent.body_draft": (
        "Koppelaar heeft voor {name} nog niets klaargezet. Heeft u de gegevens op een andere "
        "manier naar NN verstuurd? Dit wordt vastgelegd in het profiel.",
        "Koppelaar has not exported anything for {name}. Did you send the data to NN another "
        "way? This is recorded in the profile.",
    ),
    "sent.already": ("{name} is al verzonden.", "{name} has already been sent."),
    "sent.done": ("{name} gemarkeerd als verzonden.", "{name} marked as sent."),
    "sent.delete_title": (
        "Bestand met wachtwoord verwijderen?",
        "Delete the file with the password?",
    ),
    "sent.delete_body": (
        "{path} bevat het wachtwoord van {user}. Nu verwijderen?",
        "{path} holds the password of {user}. Delete it now?",
    ),
    "sent.deleted": ("{path} verwijderd.", "{path} deleted."),
    "sent.delete_failed": ("{path} niet verwijderd: {reason}", "{path} not deleted: {reason}"),
    "outcome.exported": ("klaargezet", "exported"),
    "submit.batch_summary_exported": (
        "{exported} klaargezet (nog niet verzonden), {skipped} overgeslagen, {failed} mislukt.",
        "{exported} exported (not sent yet), {skipped} skipped, {failed} failed.",
    ),
    "submit.batch_done": (
        "Klaar. Sluit met Esc; start opnieuw via V voor wat overbleef.",
        "Done. Close with Esc; start again with V for what is left.",
    ),
    "submit.no_folder": ("De map {path} bestaat niet.", "The folder {path} does not exist."),
    "dash.no_match": (
        "Geen werkgever past bij het filter '{text}'. Esc wist het filter.",
        "No employer matches the filter '{text}'. Esc clears the filter.",
    ),
    "dash.none_selected": (
        "Kies eerst een werkgever in de lijst.",
        "Choose an employer in the list first.",
    ),
    "form.discard_title": ("Wijzigingen weggooien?", "Discard the changes?"),
    "form.discard_body": (
        "U heeft in dit formulier dingen veranderd die nog niet bewaard zijn. Weggooien? (Nee: verder bewerken; Ctrl+S bewaart.)",
        "You changed things in this form that are not saved yet. Discard them? (No: keep editing; Ctrl+S saves.)",
    ),
    "dash.ascending": ("oplopend", "ascending"),
    "dash.descending": ("aflopend", "descending"),
    "discover.password": ("Wachtwoord:", "Password:"),
    "discover.password_hint": (
        "alleen als het nog niet bewaard is",
        "only if it is not stored yet",
    ),
    "discover.type_password": (
        "Of typ het wachtwoord van {username} hierboven en haal opnieuw op.",
        "Or type the password of {username} above and fetch again.",
    ),
    # first run and koppelaar setup
    "setup.title": ("Eerste start: wat Koppelaar nodig heeft", "First run: what Koppelaar needs"),
    "setup.intro": (
        "Doorloop deze stappen op volgorde; elke stap wordt gecontroleerd. Op de opdrachtregel: koppelaar setup. Alleen kijken: koppelaar demo.",
        "Go through these steps in order; each is checked. On the command line: koppelaar setup. Just looking: koppelaar demo.",
    ),
    "palette.first_run": (
        "Eerste start: wat is nodig (setup)",
        "First run: what is needed (setup)",
    ),
    "setup.missing": ("ontbreekt", "missing"),
    "setup.unchecked": ("nog niet gecontroleerd", "not checked yet"),
    "setup.profiles": ("{count} werkgever(s)", "{count} employer(s)"),
    "setup.done": ("in orde", "done"),
    "setup.todo": ("te doen", "to do"),
    "setup.client_id.title": ("1. Loket.nl client id", "1. Loket.nl client id"),
    "setup.client_id.how": (
        "Het client id van de API-koppeling van uw kantoor. Loket.nl geeft het uit: vraag het via api@loket.nl (of aan uw softwareleverancier). Vul het in bij Instellingen (F2) of met koppelaar setup.",
        "The client id of your office's API connection. Loket.nl issues it: ask api@loket.nl (or your software vendor). Fill it in under Settings (F2) or with koppelaar setup.",
    ),
    "setup.secrets.title": ("2. Opslag voor wachtwoorden", "2. Where passwords are kept"),
    "setup.secrets.how": (
        "Nu: {mode}. Sleutelbos (keyring): het wachtwoordbeheer van deze computer, blijft bewaard. Kluis (vault): een versleuteld bestand met een wachtzin, voor servers zonder sleutelbos. Sessie: alleen in het geheugen, weg na afsluiten. Kies met [secrets] mode in config.toml of KOPPELAAR_SECRETS.",
        "Now: {mode}. Keyring: this computer's password manager, kept. Vault: an encrypted file with a passphrase, for servers without a keyring. Session: memory only, gone on exit. Choose with [secrets] mode in config.toml or KOPPELAAR_SECRETS.",
    ),
    "setup.sender.title": ("3. Afzender", "3. Sender"),
    "setup.sender.how": (
        "Uw naam en e-mailadres; NN antwoordt daarop. Instellingen (F2): Afzender, bijv. Naam <naam@kantoor.nl>.",
        "Your name and email address; NN replies to it. Settings (F2): Sender, e.g. Name <name@office.nl>.",
    ),
    "setup.smtp.title": ("4. Uitgaande mail (SMTP)", "4. Outgoing mail (SMTP)"),
    "setup.smtp.how": (
        "De mailserver van uw kantoor (host, poort, beveiliging, gebruiker); het wachtwoord gaat naar de wachtwoordopslag. Zonder SMTP kunt u een .eml-bestand klaarzetten en zelf versturen.",
        "Your office's mail server (host, port, security, user); the password goes to the password store. Without SMTP you can save an .eml file and send it yourself.",
    ),
    "setup.employer.title": ("5. Eerste werkgever", "5. First employer"),
    "setup.employer.how": (
        "Voeg een werkgever toe (n) of importeer een CSV-bestand: koppelaar import BESTAND.csv. Profielen staan in {profiles}.",
        "Add an employer (n) or import a CSV file: koppelaar import FILE.csv. Profiles live in {profiles}.",
    ),
    "setup.ask.client_id": ("Loket.nl client id", "Loket.nl client id"),
    "setup.ask.sender": ("Afzender (Naam <adres>)", "Sender (Name <address>)"),
    "setup.ask.smtp_host": ("SMTP-server (leeg: overslaan)", "SMTP server (empty: skip)"),
    "setup.ask.smtp_port": ("SMTP-poort", "SMTP port"),
    "setup.ask.smtp_security": ("Beveiliging (starttls of ssl)", "Security (starttls or ssl)"),
    "setup.ask.smtp_user": ("SMTP-gebruiker", "SMTP user"),
    "setup.ask.csv": (
        "CSV-bestand om te importeren (leeg: overslaan; of voeg later toe met n in de app)",
        "CSV file to import (empty: skip; or add later with n in the app)",
    ),
    "setup.bad_sender": ("'{value}' is geen e-mailadres.", "'{value}' is not an email address."),
    "setup.saved": ("Opgeslagen in {path}.", "Saved in {path}."),
    "setup.all_done": (
        "Alles staat klaar. Start de app met: koppelaar",
        "Everything is set. Start the app with: koppelaar",
    ),
    "setup.still_open": ("Nog te doen: {steps}.", "Still to do: {steps}."),
    # help, footer, palette
    "help.keys": ("TOETSEN", "KEYS"),
    "key.cancel": (
        "De lopende controle stoppen; het filter wissen",
        "Stop the running check; clear the filter",
    ),
    "key.focus_pane": ("Wisselen tussen lijst en stappen", "Switch between list and steps"),
    "key.confirm_item": (
        "Handmatig item bevestigen of intrekken",
        "Confirm or withdraw a manual item",
    ),
    "help.key_palette": ("opdrachtenlijst (zoeken)", "command palette (search)"),
    "bind.palette_close": ("Sluit", "Close"),
    "palette.placeholder": ("Zoek een opdracht...", "Search for a command..."),
    "palette.no_matches": ("Niets gevonden", "No matches"),
    "palette.key": ("toets: {keys}", "key: {keys}"),
    "palette.sort": (
        "Sorteren: oplopend, aflopend, dan de volgende kolom",
        "Sort: ascending, descending, then the next column",
    ),
    "palette.filter": ("Filteren", "Filter"),
    "quit.hint": ("Druk op {keys} om te stoppen.", "Press {keys} to quit."),
}

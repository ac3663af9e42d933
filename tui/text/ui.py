"""The Textual UI's own messages, Dutch and English.

Every lookup names its language explicitly: the UI switches language at run time, and a
context variable set in one Textual task would not reach the others. Keys not found here fall
back to ``tui.text.i18n`` (statuses, column names shared with the CLI). Loket's right names and menu
paths are quoted verbatim in both languages.
"""

from __future__ import annotations

from tui.text.i18n import MESSAGES
from tui.text.ui_help import HELP_TEXT, UI_MORE

__all__ = ["HELP_TEXT", "UI_MESSAGES", "ui"]

UI_MESSAGES: dict[str, tuple[str, str]] = {
    # header and environments
    "env.production": ("PRODUCTIE", "PRODUCTION"),
    "env.acceptance": ("ACCEPTATIE", "ACCEPTANCE"),
    "env.custom": ("EIGEN OMGEVING", "CUSTOM"),
    "env.demo": ("DEMO", "DEMO"),
    "secrets.keyring": ("sleutelbos", "keyring"),
    "secrets.vault": ("kluis", "vault"),
    "secrets.session": ("alleen deze sessie", "this session only"),
    "secrets.auto": ("sleutelbos (auto)", "keyring (auto)"),
    # bindings (by binding id)
    "bind.filter": ("Filter", "Filter"),
    "bind.add": ("Nieuw", "Add"),
    "bind.edit": ("Wijzig", "Edit"),
    "bind.delete": ("Verwijder", "Delete"),
    "bind.check": ("Controleer", "Check"),
    "bind.check_all": ("Alles", "Check all"),
    "bind.cancel": ("Annuleer", "Cancel"),
    "bind.confirm_item": ("Bevestig", "Confirm"),
    "bind.sort": ("Sorteer", "Sort"),
    "bind.submit": ("Verstuur", "Submit"),
    "bind.submit_all": ("Verstuur gereed", "Submit ready"),
    "bind.connected": ("Gekoppeld", "Connected"),
    "bind.consent": ("Inloggen", "Log in"),
    "bind.discover": ("Ophalen", "Discover"),
    "bind.settings": ("Instellingen", "Settings"),
    "bind.language": ("EN", "NL"),
    "bind.help": ("Help", "Help"),
    "bind.quit": ("Stop", "Quit"),
    "bind.palette": ("Opdrachten", "Commands"),
    "bind.close": ("Sluit", "Close"),
    "bind.save": ("Bewaar", "Save"),
    "bind.reveal": ("Toon", "Reveal"),
    "bind.copy": ("Kopieer", "Copy"),
    "bind.focus_pane": ("Lijst/stappen", "List/steps"),
    # dashboard
    "dash.filter_placeholder": (
        "Filter op naam, ID, gebruiker of status (/)",
        "Filter by name, ID, user or status (/)",
    ),
    "dash.summary": ("{shown} van {total} werkgevers", "{shown} of {total} employers"),
    "dash.broken": ("{count} onleesbaar", "{count} unreadable"),
    "dash.loading": ("Profielen laden...", "Loading profiles..."),
    "dash.empty": (
        "Nog geen werkgevers. Druk op n om er een toe te voegen.",
        "No employers yet. Press n to add one.",
    ),
    "dash.no_selection": ("Kies een werkgever in de lijst.", "Pick an employer in the list."),
    "dash.overdue": ("wacht > 14 dagen", "waiting > 14 days"),
    "dash.overdue_short": (">14 dagen", ">14 days"),
    "short.ready": ("gereed", "ready"),
    "short.problems": ("problemen", "problems"),
    "short.unverified": ("onbevestigd", "unverified"),
    "short.error": ("fout", "error"),
    "short.unchecked": ("nieuw", "new"),
    "dash.sorted": ("Gesorteerd op {column}", "Sorted by {column}"),
    "col.account": ("account", "account"),
    "short.col.werkgever_id": ("ID", "ID"),
    "short.col.last_check": ("datum", "date"),
    "short.col.submission": ("NN", "NN"),
    "short.col.status": ("status", "status"),
    "short.col.account": ("account", "account"),
    "short.col.employer": ("werkgever", "employer"),
    "col.last_check": ("laatste controle", "last check"),
    # checklist pane
    "step.1": ("Stap 1: Loket.nl-gebruiker", "Step 1: Loket.nl user"),
    "step.2": ("Stap 2: werkgever ID", "Step 2: werkgever ID"),
    "step.3": ("Stap 3: gegevens naar NN", "Step 3: data to NN"),
    "pane.title": ("Checklist: {name}", "Checklist: {name}"),
    "pane.hint": ("Oplossing: {hint}", "Fix: {hint}"),
    "pane.confirmed": ("bevestigd door u", "confirmed by you"),
    "pane.confirm_help": (
        "Spatie: handmatig item bevestigen of intrekken",
        "Space: confirm or unconfirm a manual item",
    ),
    "pane.not_manual": (
        "Dit item wordt door de controle bepaald, niet handmatig.",
        "This item is set by the check, not by hand.",
    ),
    "pane.read_only": ("Alleen-lezen profiel.", "Read-only profile."),
    # checks
    "check.running": (
        "Controle: {done}/{total}  {ok} gereed  {bad} problemen  nog ca. {eta}",
        "Checking: {done}/{total}  {ok} ready  {bad} problems  about {eta} left",
    ),
    "check.done": (
        "Controle klaar: {done} werkgevers in {seconds} s.",
        "Check finished: {done} employers in {seconds} s.",
    ),
    "check.cancelled": (
        "Controle gestopt na {done} van {total}; de rest is ongewijzigd.",
        "Check cancelled after {done} of {total}; the rest is unchanged.",
    ),
    "check.busy": (
        "Er loopt al een controle (Escape stopt).",
        "A check is running (Escape stops).",
    ),
    "check.failed": ("Controle mislukt: {error}", "Check failed: {error}"),
    # forms
    "form.add_title": ("Werkgever toevoegen", "Add employer"),
    "form.edit_title": ("Werkgever wijzigen", "Edit employer"),
    "form.name": ("Naam werkgever", "Employer name"),
    "form.werkgever_id": ("Werkgever ID", "Werkgever ID"),
    "form.username": (
        "Loket.nl-gebruiker (alleen voor deze koppeling)",
        "Loket.nl user (only for this connection)",
    ),
    "form.password": (
        "Wachtwoord (naar de wachtwoordopslag, nooit in het profiel)",
        "Password (to the password store, never into the profile)",
    ),
    "form.password_keep": (
        "Leeg laten om het opgeslagen wachtwoord te houden",
        "Leave empty to keep the stored password",
    ),
    "form.email": ("E-mail contactpersoon (optioneel)", "Contact email (optional)"),
    "form.notes": ("Notities (optioneel)", "Notes (optional)"),
    "form.save": ("Bewaren", "Save"),
    "form.cancel": ("Annuleren", "Cancel"),
    "form.reveal": ("Toon", "Show"),
    "form.hide": ("Verberg", "Hide"),
    "form.id_help": (
        "Klassiek Loket.nl: Werkgever > tab Bedrijfsinformatie > veld Werkgever ID. "
        "Nieuw Loket.nl: Ga naar de nieuwe versie van Loket.nl > zoek het bedrijf > "
        "Bedrijfsgegevens > blok Algemeen. Het is NIET het cliëntnummer en NIET het "
        "administratienummer. Ziet u het niet, dan mist u waarschijnlijk "
        "applicatiebeheerder-rechten.",
        "Classic Loket.nl: Werkgever > tab Bedrijfsinformatie > field Werkgever ID. "
        "New Loket.nl: Ga naar de nieuwe versie van Loket.nl > find the company > "
        "Bedrijfsgegevens > box Algemeen. It is NOT the client number (cliëntnummer) nor the "
        "administration number (administratienummer). Not seeing it usually means you lack "
        "applicatiebeheerder rights.",
    ),
    "form.errors": ("Los de gemarkeerde velden op.", "Fix the marked fields."),
    "val.required": ("Verplicht.", "Required."),
    "val.id_letters": (
        "Bevat letters: lijkt op een administratienummer. Het werkgever ID is een getal "
        "(of een GUID).",
        "Contains letters: looks like an administration number. The werkgever ID is a number "
        "(or a GUID).",
    ),
    "val.id_format": (
        "Een werkgever ID is een getal (bijv. 20720) of een GUID.",
        "A werkgever ID is a number (e.g. 20720) or a GUID.",
    ),
    "val.username_spaces": ("Een gebruikersnaam heeft geen spaties.", "A username has no spaces."),
    "val.email": ("Geen geldig e-mailadres.", "Not a valid email address."),
    "saved": ("Bewaard: {name}", "Saved: {name}"),
    "saved_password": ("Wachtwoord opgeslagen in {where}.", "Password stored in {where}."),
    "save_failed": ("Niet bewaard: {error}", "Not saved: {error}"),
    "delete.title": ("Werkgever verwijderen?", "Delete employer?"),
    "delete.body": (
        "{name} wordt verplaatst naar de prullenbak van de profielenmap (.trash). "
        "Het wachtwoord in de kluis blijft staan.",
        "{name} is moved to the profiles folder's trash (.trash). "
        "The password in the secret store stays.",
    ),
    "delete.done": ("Verwijderd: {name} (in .trash)", "Deleted: {name} (in .trash)"),
    "yes": ("Ja", "Yes"),
    "no": ("Nee", "No"),
    # settings
    "settings.title": ("Instellingen", "Settings"),
    "settings.environment": ("Loket.nl-omgeving", "Loket.nl environment"),
    "settings.api_url": ("API-URL (alleen eigen omgeving)", "API URL (custom only)"),
    "settings.oauth_url": ("OAuth-URL (alleen eigen omgeving)", "OAuth URL (custom only)"),
    "settings.client_id": ("Client ID", "Client ID"),
    "settings.grant": ("Inlogmethode", "Grant"),
    "settings.redirect_uri": ("Redirect-URI", "Redirect URI"),
    "settings.smtp_host": ("SMTP-server", "SMTP host"),
    "settings.smtp_port": ("SMTP-poort", "SMTP port"),
    "settings.smtp_security": ("SMTP-beveiliging", "SMTP security"),
    "settings.smtp_username": ("SMTP-gebruiker", "SMTP username"),
    "settings.from": ("Afzender", "Sender"),
    "settings.to": ("Ontvanger NN", "NN recipient"),
    "settings.language": ("Taal", "Language"),
    "settings.glyphs": ("Statustekens", "Status glyphs"),
    "settings.saved": ("Instellingen bewaard.", "Settings saved."),
    "settings.port_invalid": ("Poort 1 tot 65535.", "Port 1 to 65535."),
    "settings.url_invalid": ("Ongeldige URL: {error}", "Invalid URL: {error}"),
    "lang.switched": ("Taal: Nederlands", "Language: English"),
    # help
    "help.title": ("Help", "Help"),
    # consent
    "consent.title": ("Inloggen bij Loket.nl: {user}", "Log in to Loket.nl: {user}"),
    "consent.steps": (
        "1. Open deze link in een browser (c kopieert hem, ook via SSH).\n"
        "2. Log in als {user} (met de tweede factor als die aan staat).\n"
        "3. Plak hieronder de URL waarnaar Loket.nl u terugstuurt, of alleen de code.",
        "1. Open this link in a browser (c copies it, also over SSH).\n"
        "2. Log in as {user} (with the second factor if it is on).\n"
        "3. Paste the URL Loket.nl redirects you to below, or just the code.",
    ),
    "consent.paste": ("Geplakte URL of code", "Pasted URL or code"),
    "consent.copied": ("Link gekopieerd naar het klembord.", "Link copied to the clipboard."),
    "consent.ok": (
        "Ingelogd; toestemming bewaard voor {user}.",
        "Logged in; consent stored for {user}.",
    ),
    "consent.failed": ("Inloggen mislukt: {error}", "Login failed: {error}"),
    # vault
    "vault.title": ("Kluis ontgrendelen", "Unlock the vault"),
    "vault.body": (
        "De sleutelbos werkt hier niet; uw geheimen staan in een versleutelde kluis. "
        "Geef de wachtzin.",
        "The keyring does not work here; your secrets are in an encrypted vault. "
        "Enter the passphrase.",
    ),
    "vault.passphrase": ("Wachtzin", "Passphrase"),
    "vault.unlocked": ("Kluis ontgrendeld.", "Vault unlocked."),
    "secrets.problem": ("Geheimen: {message}", "Secrets: {message}"),
    # submission
    "submit.title": ("Versturen naar NN: {name}", "Send to NN: {name}"),
    "submit.confirm_to": ("Ontvanger klopt", "Recipient is right"),
    "submit.send": ("Verstuur", "Send"),
    "submit.not_ready": (
        "{name} is niet gereed: los eerst de problemen op.",
        "{name} is not ready: fix the problems first.",
    ),
    "submit.sent": ("Verstuurd: {name}", "Sent: {name}"),
    "submit.failed": ("Niet verstuurd: {error}", "Not sent: {error}"),
    "submit.none_ready": ("Geen werkgevers gereed om te versturen.", "No employers ready to send."),
    "submit.all_title": ("{count} werkgevers versturen naar NN", "Send {count} employers to NN"),
    "connected.done": ("{name} gemarkeerd als gekoppeld.", "{name} marked as connected."),
    "connected.not_sent": (
        "{name} is nog niet verstuurd.",
        "{name} has not been sent yet.",
    ),
    # palette
    "palette.add": ("Werkgever toevoegen", "Add employer"),
    "palette.edit": ("Werkgever wijzigen", "Edit employer"),
    "palette.delete": ("Werkgever verwijderen", "Delete employer"),
    "palette.check": ("Geselecteerde werkgever controleren", "Check selected employer"),
    "palette.check_all": ("Alle werkgevers controleren", "Check all employers"),
    "palette.submit": ("Geselecteerde werkgever versturen naar NN", "Send selected employer to NN"),
    "palette.submit_all": ("Alle gereed versturen naar NN", "Send all ready to NN"),
    "palette.connected": ("Markeren als gekoppeld", "Mark as connected"),
    "palette.consent": ("Inloggen bij Loket.nl (toestemming)", "Log in to Loket.nl (consent)"),
    "palette.discover": (
        "Werkgevers ophalen uit Loket.nl (ontdekken)",
        "Fetch employers from Loket.nl (discover)",
    ),
    "palette.settings": ("Instellingen", "Settings"),
    "palette.language": ("Switch to English", "Naar Nederlands"),
    "palette.help": ("Help", "Help"),
    "palette.quit": ("Afsluiten", "Quit"),
    # submission screen (issue 7)
    "bind.send": ("Verstuur", "Send"),
    "bind.select_all": ("Alles", "All"),
    "bind.create": ("Maak aan", "Create"),
    "bind.fetch": ("Ophalen", "Fetch"),
    "submit.loading": ("Bericht opstellen...", "Composing the message..."),
    "submit.override": (
        "Toch versturen: ik heb gezien wat nog niet in orde is",
        "Send anyway: I have seen what is not in order",
    ),
    "submit.already_sent": (
        "{name} is al verstuurd op {when} ({method}).",
        "{name} was already sent on {when} ({method}).",
    ),
    "submit.already_connected": (
        "{name} is al gekoppeld aan XpertSuite.",
        "{name} is already connected to XpertSuite.",
    ),
    "submit.open_items": ("Nog open: {items}", "Still open: {items}"),
    "submit.method.smtp": ("E-mail (SMTP)", "Email (SMTP)"),
    "submit.method.demo": ("Demo-postbus", "Demo outbox"),
    "submit.method.eml": (".eml-bestand", ".eml file"),
    "submit.method.eml_dir": (".eml-bestanden in map", ".eml files in folder"),
    "submit.method.clipboard": ("Klembord", "Clipboard"),
    "submit.eml_path": ("Bestand:", "File:"),
    "submit.eml_dir": ("Map:", "Folder:"),
    "submit.eml_warning": (
        "Let op: een .eml-bestand bevat het wachtwoord. Verstuur het en verwijder het daarna.",
        "Warning: an .eml file holds the password. Send it, then delete it.",
    ),
    "submit.without_password": (
        "Wachtwoord weglaten (volgt telefonisch of apart)",
        "Leave the password out (it follows by phone or separately)",
    ),
    "submit.confirm_first": (
        "Bevestig eerst de ontvanger.",
        "Confirm the recipient first.",
    ),
    "submit.needs_override": (
        "Niet gereed: vink 'Toch versturen' aan als u het toch wilt versturen.",
        "Not ready: tick 'Send anyway' if you want to send it all the same.",
    ),
    "submit.needs_path": ("Geef een bestandsnaam.", "Give a file name."),
    "submit.no_password": (
        "Geen wachtwoord voor {user} in de sleutelbos: vink 'Wachtwoord weglaten' aan, "
        "of sla het op via Wijzig (e).",
        "No password for {user} in the secret store: tick 'Leave the password out', "
        "or store it through Edit (e).",
    ),
    "submit.sending": ("Versturen...", "Sending..."),
    "submit.hint": ("Ctrl+R wachtwoord  Ctrl+S verstuur  Esc", "Ctrl+R password  Ctrl+S send  Esc"),
    "submit.batch_intro": (
        "{ready} van {total} werkgevers gereed: een e-mail per werkgever.",
        "{ready} of {total} employers ready: one email per employer.",
    ),
    "submit.batch_summary": (
        "{sent} verstuurd, {skipped} overgeslagen, {failed} mislukt.",
        "{sent} sent, {skipped} skipped, {failed} failed.",
    ),
    "submit.batch_hint": ("Ctrl+S verstuur  Esc sluit", "Ctrl+S send  Esc close"),
    "outcome.sent": ("verstuurd", "sent"),
    "outcome.skipped": ("overgeslagen", "skipped"),
    "outcome.failed": ("mislukt", "failed"),
    "connected.title": ("Markeren als gekoppeld?", "Mark as connected?"),
    "connected.body": (
        "Heeft NN XpertSuite voor {name} gekoppeld? Dit wordt vastgelegd in het profiel.",
        "Has NN connected XpertSuite for {name}? This is recorded in the profile.",
    ),
    "connected.already": ("{name} is al gekoppeld.", "{name} is already connected."),
    # discovery screen (issue 10)
    "discover.title": ("Werkgevers ophalen uit Loket.nl", "Fetch employers from Loket.nl"),
    "discover.username": ("Loket.nl-gebruiker", "Loket.nl user"),
    "discover.known_users": ("Gebruiker uit een profiel", "User from a profile"),
    "discover.type_user": ("of typ een gebruikersnaam", "or type a user name"),
    "discover.fetch": ("Ophalen", "Fetch"),
    "discover.fetching": (
        "Werkgevers van {username} ophalen...",
        "Fetching the employers of {username}...",
    ),
    "discover.filter": ("Filter op naam of ID", "Filter by name or ID"),
    "discover.counts": (
        "{total} werkgevers voor {username}; {new} zonder profiel; {chosen} gekozen.",
        "{total} employers for {username}; {new} without a profile; {chosen} chosen.",
    ),
    "discover.has_profile": ("profiel: {profile}", "profile: {profile}"),
    "discover.create": ("Maak profielen", "Create profiles"),
    "discover.none_chosen": ("Kies eerst een of meer werkgevers.", "Choose one or more employers."),
    "discover.created": (
        "{count} profielen aangemaakt; ze worden gecontroleerd.",
        "{count} profiles created; they are being checked.",
    ),
    "discover.hint": (
        "Spatie kies  Ctrl+A alles  Ctrl+S maak aan  Esc",
        "Space choose  Ctrl+A all  Ctrl+S create  Esc",
    ),
}


def ui(key: str, lang: str, **values: object) -> str:
    """The message ``key`` in ``lang`` (``nl`` or ``en``), formatted with ``values``."""
    pair = UI_MESSAGES.get(key) or UI_MORE.get(key) or MESSAGES.get(key) or (key, key)
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text

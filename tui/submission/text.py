"""User-facing messages of the submission (Dutch by default, English on request).

The email to NN itself is always Dutch; these are the messages around it: refusals, errors,
warnings and the CLI's prompts.
"""

from __future__ import annotations

from tui.text.i18n import language

MESSAGES: dict[str, tuple[str, str]] = {
    "not_ready": (
        "{profile}: niet gereed (status: {status}){items}; "
        "controleer opnieuw of gebruik --override",
        "{profile}: not ready (status: {status}){items}; check again or use --override",
    ),
    "already_sent": (
        "{profile}: al verzonden op {when} ({method}); gebruik --override om opnieuw te verzenden",
        "{profile}: already sent on {when} ({method}); use --override to send again",
    ),
    "already_connected": (
        "{profile}: XpertSuite is al gekoppeld; gebruik --override om opnieuw te verzenden",
        "{profile}: XpertSuite is already connected; use --override to send again",
    ),
    "bad_to": (
        "ontvanger {value!r} is geen geldig e-mailadres; stel [submission] to in",
        "recipient {value!r} is not a valid email address; set [submission] to",
    ),
    "bad_from": (
        "afzender {value!r} is geen geldig e-mailadres; stel [submission] from in",
        "sender {value!r} is not a valid email address; set [submission] from",
    ),
    "no_from": (
        'geen afzender: stel [submission] from in (bijv. "Naam <naam@kantoor.nl>")',
        'no sender: set [submission] from (e.g. "Name <name@office.nl>")',
    ),
    "no_password": (
        "{profile}: geen Loket.nl-wachtwoord voor {user} in de sleutelbos; "
        "sla het op met 'koppelaar secrets set' of verstuur met --no-password",
        "{profile}: no Loket.nl password for {user} in the secret store; "
        "store it with 'koppelaar secrets set' or send with --no-password",
    ),
    "smtp.no_host": (
        "geen SMTP-server: stel [smtp] host in (en port, security, username)",
        "no SMTP server: set [smtp] host (and port, security, username)",
    ),
    "smtp.no_secret": (
        "geen SMTP-wachtwoord voor {user} in de sleutelbos; sla het op met 'koppelaar secrets set'",
        "no SMTP password for {user} in the secret store; store it with 'koppelaar secrets set'",
    ),
    "smtp.no_starttls": (
        "{server} biedt geen STARTTLS aan; niet verzonden "
        "(Koppelaar verstuurt nooit onversleuteld)",
        "{server} does not offer STARTTLS; not sent (Koppelaar never sends unencrypted)",
    ),
    "smtp.no_auth": (
        "{server} biedt geen inloggen (AUTH) aan; niet verzonden: controleer [smtp] host en port",
        "{server} does not offer login (AUTH); not sent: check [smtp] host and port",
    ),
    "smtp.auth_failed": (
        "inloggen bij {server} als {user} mislukt; controleer gebruikersnaam en wachtwoord",
        "login to {server} as {user} failed; check the username and password",
    ),
    "smtp.cert": (
        "het certificaat van {server} wordt niet vertrouwd ({reason}); niet verzonden",
        "the certificate of {server} is not trusted ({reason}); not sent",
    ),
    "smtp.tls": (
        "TLS met {server} mislukt ({reason}); controleer [smtp] security (starttls of ssl) en port",
        "TLS with {server} failed ({reason}); check [smtp] security (starttls or ssl) and port",
    ),
    "smtp.refused": (
        "{server} weigert de verbinding; controleer [smtp] host en port",
        "{server} refused the connection; check [smtp] host and port",
    ),
    "smtp.timeout": (
        "{server} antwoordt niet binnen {timeout:g} s; probeer later opnieuw",
        "{server} did not answer within {timeout:g} s; try again later",
    ),
    "smtp.unknown_host": (
        "SMTP-server {server} niet gevonden; controleer [smtp] host",
        "SMTP server {server} not found; check [smtp] host",
    ),
    "smtp.recipient": (
        "{server} weigert de ontvanger {to} (code {code}); niet verzonden",
        "{server} refused the recipient {to} (code {code}); not sent",
    ),
    "smtp.sender": (
        "{server} weigert de afzender {sender} (code {code}); controleer [submission] from",
        "{server} refused the sender {sender} (code {code}); check [submission] from",
    ),
    "smtp.disconnected": (
        "{server} verbrak de verbinding; niet verzonden, probeer opnieuw",
        "{server} closed the connection; not sent, try again",
    ),
    "smtp.other": (
        "verzenden via {server} mislukt ({reason}); niet verzonden",
        "sending through {server} failed ({reason}); not sent",
    ),
    "eml.failed": (
        "{path} kan niet worden geschreven: {reason}",
        "{path} cannot be written: {reason}",
    ),
    "eml.warning": (
        "Let op: {path} bevat het wachtwoord van {user}. Verstuur het en verwijder het daarna.",
        "Warning: {path} holds the password of {user}. Send it, then delete it.",
    ),
    "eml.written": ("Opgeslagen als {path} (alleen voor u leesbaar).", "Saved as {path} (0600)."),
    "clipboard.failed": (
        "kopiëren naar het klembord mislukt: {reason}",
        "copying to the clipboard failed: {reason}",
    ),
    "clipboard.done": (
        "De tekst staat op het klembord (OSC 52); plak hem in een e-mail aan {to}.",
        "The text is on the clipboard (OSC 52); paste it into an email to {to}.",
    ),
    "demo.failed": (
        "demo: de simulator op {url} is niet bereikbaar ({reason})",
        "demo: the simulator at {url} cannot be reached ({reason})",
    ),
    "demo.sent": (
        "Demo: afgeleverd in de demo-postbus; NN koppelt XpertSuite in de simulator.",
        "Demo: delivered to the demo outbox; NN connects XpertSuite in the simulator.",
    ),
    "smtp.sent": (
        "Verzonden naar {to} (Message-ID {message_id}).",
        "Sent to {to} (Message-ID {message_id}).",
    ),
    "record_failed": (
        "{profile}: het bericht IS verzonden, maar niet vastgelegd in het profiel ({reason}); "
        "het verzenddagboek onthoudt het: het wordt niet nog eens verzonden en bij de volgende "
        "keer vastgelegd",
        "{profile}: the message WAS sent, but not recorded in the profile ({reason}); the send "
        "journal keeps it: it will not be sent again, and is recorded next time",
    ),
    "journal.not_written": (
        "{profile}: niet verzonden: het verzenddagboek kon niet worden geschreven ({reason})",
        "{profile}: not sent: the send journal could not be written ({reason})",
    ),
    "journal.was_sent": (
        "{profile}: al verzonden op {when} (Message-ID {message_id}); nu vastgelegd in het "
        "profiel, niet opnieuw verzonden",
        "{profile}: already sent on {when} (Message-ID {message_id}); recorded in the profile "
        "now, not sent again",
    ),
    "journal.unknown": (
        "{profile}: een eerdere verzending op {when} (Message-ID {message_id}) is niet "
        "afgerond; het bericht kan NN bereikt hebben. Vraag het NN of kijk in de verzonden "
        "e-mail; verzend alleen opnieuw met --override",
        "{profile}: an earlier send on {when} (Message-ID {message_id}) did not finish; the "
        "message may have reached NN. Ask NN or look in the sent mail; send again only with "
        "--override",
    ),
    "smtp.unknown_outcome": (
        "{profile}: de verbinding met {server} brak af nadat het bericht was aangeboden; het "
        "kan zijn aangekomen. Het wordt niet vanzelf opnieuw verzonden: vraag het NN, en "
        "verzend alleen opnieuw met --override",
        "{profile}: the connection to {server} broke off after the message was handed over; "
        "it may have arrived. It is not sent again by itself: ask NN, and send again only "
        "with --override",
    ),
    "smtp.quit_failed": (
        "(De server gaf een fout bij het afsluiten, na het aannemen van het bericht; het "
        "bericht is verzonden.)",
        "(The server gave an error when closing, after accepting the message; the message was "
        "sent.)",
    ),
    "smtp.deadline": (
        "{server} reageerde niet binnen {seconds:.0f} s in totaal; niet verzonden",
        "{server} did not finish within {seconds:.0f} s in total; not sent",
    ),
    "batch.none": ("geen gereed profiel om te versturen", "no ready profile to send"),
    "cli.confirm": ("Verzenden naar {to}?", "Send to {to}?"),
    "cli.confirm_batch": (
        "{count} e-mail(s) verzenden naar {to}, een per werkgever?",
        "Send {count} email(s) to {to}, one per employer?",
    ),
    "cli.yes_no": ("[j/N]", "[y/N]"),
    "cli.declined": ("Niet verzonden.", "Not sent."),
    "cli.one_method": (
        "kies precies een van --eml BESTAND, --smtp of --clipboard",
        "choose exactly one of --eml FILE, --smtp or --clipboard",
    ),
    "cli.name_or_all": (
        "geef een profielnaam of --all-ready (niet allebei)",
        "give a profile name or --all-ready (not both)",
    ),
    "cli.override_batch": (
        "--override geldt voor een profiel tegelijk, niet met --all-ready",
        "--override applies to one profile at a time, not with --all-ready",
    ),
    "cli.batch_clipboard": (
        "--clipboard werkt voor een profiel tegelijk, niet met --all-ready",
        "--clipboard works for one profile at a time, not with --all-ready",
    ),
    "cli.batch_eml_dir": (
        "met --all-ready is --eml een map: {path} is geen map",
        "with --all-ready, --eml is a folder: {path} is not a folder",
    ),
    "cli.secrets": ("sleutelbos niet beschikbaar: {reason}", "secret store unavailable: {reason}"),
    "outcome.sent": ("verzonden", "sent"),
    "outcome.skipped": ("overgeslagen", "skipped"),
    "outcome.failed": ("mislukt", "failed"),
    "cli.progress": (
        "[{index}/{total}] {profile}: {outcome}{reason}",
        "[{index}/{total}] {profile}: {outcome}{reason}",
    ),
    "cli.summary": (
        "{sent} verzonden, {skipped} overgeslagen, {failed} mislukt.",
        "{sent} sent, {skipped} skipped, {failed} failed.",
    ),
}


def msg(key: str, **values: object) -> str:
    nl, en = MESSAGES[key]
    text = en if language() == "en" else nl
    return text.format(**values) if values else text

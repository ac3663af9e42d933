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
    "already_exported": (
        "{profile}: klaargezet op {when} ({method}) maar nog niet als verzonden gemeld; "
        "meld het als verzonden (koppelaar submit {profile} --mark-sent) "
        "of gebruik --override om opnieuw klaar te zetten of te verzenden",
        "{profile}: handed over on {when} ({method}) but not reported as sent yet; "
        "mark it as sent (koppelaar submit {profile} --mark-sent) "
        "or use --override to hand it over or send it again",
    ),
    "method.smtp": ("per e-mail via de SMTP-server", "by email through the SMTP server"),
    "method.eml": ("als .eml-bestand", "as an .eml file"),
    "method.clipboard": ("via het klembord", "through the clipboard"),
    "method.person": ("door u gemeld", "reported by you"),
    "method.unknown": ("op onbekende wijze", "in an unknown way"),
    "marked_sent": (
        "{profile}: als verzonden vastgelegd op {when}.",
        "{profile}: recorded as sent on {when}.",
    ),
    "mark_sent_connected": (
        "{profile}: XpertSuite is al gekoppeld; niets vastgelegd",
        "{profile}: XpertSuite is already connected; nothing recorded",
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
        "Let op: het bestand bevat het wachtwoord van {user}. Verstuur het en verwijder het "
        "daarna.",
        "Warning: the file holds the password of {user}. Send it, then delete it.",
    ),
    "eml.written": (
        "Klaargezet als {path} (alleen voor u leesbaar); nog niet verzonden: open het in uw "
        "e-mailprogramma en verstuur het.",
        "Saved as {path} (readable by you only); not sent yet: open it in your email program "
        "and send it.",
    ),
    "eml.in_git": (
        "Pas op: deze map hoort bij de git-werkmap {tree}; zet het bestand niet in git.",
        "Careful: this folder is inside the git work tree {tree}; do not add the file to git.",
    ),
    "clipboard.failed": (
        "kopiëren naar het klembord mislukt: {reason}",
        "copying to the clipboard failed: {reason}",
    ),
    "clipboard.done": (
        "De tekst (met het wachtwoord) is als OSC 52-reeks naar de terminal gestuurd. Of hij "
        "op het klembord staat, hangt af van de terminal: plak hem in een nieuwe e-mail aan {to} "
        "om te controleren. Niets verzonden.",
        "The text (with the password) was emitted to the terminal as an OSC 52 sequence. "
        "Whether it reached the clipboard depends on the terminal: paste it into a new email "
        "to {to} to verify. Nothing was sent.",
    ),
    "clipboard.tmux": (
        "In tmux komt het alleen aan met 'set -g set-clipboard on' of "
        "'set -g allow-passthrough on'.",
        "Inside tmux it arrives only with 'set -g set-clipboard on' or "
        "'set -g allow-passthrough on'.",
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
        "{profile}: het bericht is verstuurd maar niet vastgelegd in het profiel: {reason}",
        "{profile}: the message was sent but not recorded in the profile: {reason}",
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
    "cli.mark_sent_alone": (
        "--mark-sent hoort bij een profielnaam, zonder --eml, --smtp, --clipboard of --all-ready",
        "--mark-sent goes with one profile name, without --eml, --smtp, --clipboard or --all-ready",
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
    "outcome.exported": ("klaargezet", "handed over"),
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
    "cli.summary_exported": (
        "{exported} klaargezet (nog niet verzonden), {skipped} overgeslagen, {failed} mislukt.",
        "{exported} exported (not sent yet), {skipped} skipped, {failed} failed.",
    ),
}


def msg(key: str, **values: object) -> str:
    nl, en = MESSAGES[key]
    text = en if language() == "en" else nl
    return text.format(**values) if values else text

"""The repair's user messages, Dutch and English (``key: (nl, en)``)."""

from __future__ import annotations

from typing import Any

TEXT: dict[str, tuple[str, str]] = {
    # actions, as a person reads them
    "action.invite_user": (
        "Nodig de koppelgebruiker uit ({email}); daarna stelt die zelf een wachtwoord in via de "
        "e-mail van Loket.nl",
        "Invite the connection user ({email}); they then set a password from Loket.nl's e-mail",
    ),
    "action.enable_rights": ("Rechten aanzetten: {rights}", "Turn rights on: {rights}"),
    "action.disable_rights": ("Rechten uitzetten: {rights}", "Turn rights off: {rights}"),
    "action.reinstate_access": (
        "Toegang van {username} tot Loket.nl herstellen (deblokkeren)",
        "Reinstate {username}'s access to Loket.nl (unblock)",
    ),
    "action.drop_2fa_requirement": (
        "Tweestapsverificatie niet langer verplicht stellen voor {username}",
        "Stop requiring two-factor authentication for {username}",
    ),
    # why, quoting NN's manual
    "why.invite_user": (
        "De handleiding van NN: maak een nieuwe Loket.nl-gebruiker aan, alleen voor deze "
        "koppeling; {username} bestaat niet bij deze werkgever.",
        "NN's manual: create a new Loket.nl user for this connection only; {username} does not "
        "exist at this employer.",
    ),
    "why.enable_rights": (
        "De handleiding van NN vraagt deze rechten, zoals Loket.nl ze noemt.",
        "NN's manual asks for these rights, named as Loket.nl shows them.",
    ),
    "why.disable_rights": (
        "NN vraagt alleen de zes rechten uit de handleiding (minimale rechten).",
        "NN asks only for the six rights of its manual (least privilege).",
    ),
    "why.reinstate_access": (
        "De handleiding van NN: de gebruiker moet actief zijn, niet geblokkeerd.",
        "NN's manual: the user must be active, not blocked.",
    ),
    "why.drop_2fa_requirement": (
        "NN logt in als deze gebruiker; met verplichte tweestapsverificatie heeft NN ook de "
        "tweede factor nodig.",
        "NN signs in as this user; with two-factor authentication required NN would need the "
        "second factor too.",
    ),
    # blocked
    "blocked.employer_not_found": (
        "{admin} bereikt geen werkgever met werkgever ID {typed}: controleer het werkgever ID.",
        "{admin} reaches no employer with werkgever ID {typed}: check the werkgever ID.",
    ),
    "blocked.not_admin": (
        "{admin} heeft geen applicatiebeheerder-rechten bij deze werkgever (Loket.nl: 403). "
        "Vraag het uw administratiekantoor; een administratiekantoor vraagt het api@loket.nl.",
        "{admin} has no applicatiebeheerder rights at this employer (Loket.nl: 403). Ask your "
        "provider; a provider asks api@loket.nl.",
    ),
    "blocked.error": (
        "Loket.nl gaf een fout: {detail}",
        "Loket.nl answered with an error: {detail}",
    ),
    "blocked.sso_only": (
        "{username} mag alleen via SSO inloggen ({method}); NN logt in met gebruikersnaam en "
        "wachtwoord. Maak een aparte standaardgebruiker aan.",
        "{username} may sign in only through SSO ({method}); NN signs in with user name and "
        "password. Create a separate standard user.",
    ),
    "blocked.access_unknown": (
        "Onbekende toegangsstatus van {username} in Loket.nl: {status}. Controleer die in "
        "Loket.nl.",
        "Unknown access status of {username} in Loket.nl: {status}. Check it in Loket.nl.",
    ),
    "blocked.no_contact": (
        "{username} bestaat niet bij deze werkgever. Om de koppelgebruiker uit te nodigen zijn de "
        "naam en het e-mailadres van de contactpersoon nodig ([contact] name en email in het "
        "profiel).",
        "{username} does not exist at this employer. Inviting the connection user needs the "
        "contact's name and e-mail address ([contact] name and email in the profile).",
    ),
    "blocked.contact_name": (
        'De contactnaam "{name}" past niet in Loket.nl (voorletters en achternaam: alleen '
        "letters). Nodig de gebruiker zelf uit in Loket.nl.",
        'The contact name "{name}" does not fit Loket.nl (initials and last name: letters '
        "only). Invite the user yourself in Loket.nl.",
    ),
    "blocked.provider_user": (
        "{username} is een gebruiker van het administratiekantoor en bereikt deze werkgever via "
        "team {teams}; Koppelaar verandert alleen werkgevergebruikers. Ontbrekende rechten: "
        "{missing}. Pas de rechten van het team aan in Loket.nl (dat geldt voor iedereen in dat "
        "team), of gebruik een aparte werkgevergebruiker.",
        "{username} is a user of the provider and reaches this employer through team {teams}; "
        "Koppelaar changes employer users only. Missing rights: {missing}. Change the team's "
        "rights in Loket.nl (they apply to everyone in that team), or use a separate employer "
        "user.",
    ),
    "blocked.user_elsewhere": (
        "{username} kon bij de laatste controle inloggen, maar is geen gebruiker van deze "
        "werkgever die {admin} kan zien; Koppelaar nodigt geen tweede uit. Controleer in "
        "Loket.nl hoe {username} de werkgever bereikt.",
        "{username} could sign in at the last check but is not a user of this employer that "
        "{admin} can see; Koppelaar does not invite a second one. Check in Loket.nl how "
        "{username} reaches the employer.",
    ),
    "blocked.right_not_offered": (
        'Loket.nl biedt het recht "{right}" niet aan voor deze gebruiker; controleer de '
        "modules van de werkgever.",
        'Loket.nl does not offer the right "{right}" for this user; check the employer\'s modules.',
    ),
    # outcomes
    "done.invite_user": (
        "Uitnodiging verstuurd (Loket.nl: {answer}).",
        "Invitation sent (Loket.nl: {answer}).",
    ),
    "done": (
        "Gedaan en teruggelezen (Loket.nl: {answer}).",
        "Done and read back (Loket.nl: {answer}).",
    ),
    "failed": ("Mislukt: {answer}", "Failed: {answer}"),
    "differs": (
        "MISLUKT: Loket.nl toont daarna iets anders dan gepland: {differences}",
        "FAILED: Loket.nl shows something other than planned afterwards: {differences}",
    ),
    "not_attempted": (
        "Niet geprobeerd: de uitnodiging lukte niet.",
        "Not attempted: the invitation failed.",
    ),
    "waiting_for_invite": (
        "Wacht op de uitgenodigde gebruiker: die stelt een wachtwoord in via de e-mail van "
        "Loket.nl.",
        "Waiting for the invited user to set a password from Loket.nl's e-mail.",
    ),
    "extra": (
        "Rechten buiten de zes: {rights} (uitzetten met --remove-extra).",
        "Rights beyond the six: {rights} (turn off with --remove-extra).",
    ),
    "extra.tui": (
        "Rechten buiten de zes: {rights} (uitzetten: vink hieronder aan dat die uit mogen).",
        "Rights beyond the six: {rights} (to turn them off, tick the box below).",
    ),
    "ui.remove_extra": (
        "Ook rechten buiten de zes uitzetten",
        "Also turn off rights beyond the six",
    ),
    "nothing": ("Niets te veranderen.", "Nothing to change."),
    # the Herstel screen
    "ui.title": ("Herstel ({count} werkgever(s))", "Repair ({count} employer(s))"),
    "ui.admin": ("Applicatiebeheerder (Loket.nl-gebruiker):", "Admin (Loket.nl user):"),
    "ui.intro": (
        "Koppelaar leest met de inlog van de applicatiebeheerder de rechten van de "
        "koppelgebruiker bij naam, voor {count} werkgever(s), en toont wat er zou veranderen. "
        "Er verandert niets voordat u bevestigt.",
        "With the admin's sign-in Koppelaar reads the connection user's rights by name, for "
        "{count} employer(s), and shows what would change. Nothing changes before you confirm.",
    ),
    "ui.reading": ("Lezen als {admin}...", "Reading as {admin}..."),
    "ui.needs_admin": (
        "Vul de Loket.nl-gebruikersnaam van de applicatiebeheerder in.",
        "Fill in the admin's Loket.nl user name.",
    ),
    "ui.acts_as": ("Applicatiebeheerder: {admin}", "Admin: {admin}"),
    "ui.blocked": ("kan niet", "cannot"),
    "ui.rechecked": ("opnieuw gecontroleerd: {status}", "checked again: {status}"),
    "ui.plan": ("Plan", "Plan"),
    "ui.apply": ("Doorvoeren", "Apply"),
    "ui.confirm": (
        "{count} wijziging(en) in Loket.nl doorvoeren als {admin}?",
        "Carry out {count} change(s) in Loket.nl as {admin}?",
    ),
    "ui.confirm_body": (
        "Koppelaar voert het plan uit, leest daarna alles terug uit Loket.nl, legt elke "
        "wijziging vast in het profiel en controleert opnieuw.",
        "Koppelaar carries out the plan, then reads everything back from Loket.nl, records each "
        "change in the profile and checks again.",
    ),
    "ui.summary": (
        "{ready} van {total} gereed; {failed} wijziging(en) mislukt",
        "{ready} of {total} ready; {failed} change(s) failed",
    ),
}


def say(key: str, lang: str, **params: Any) -> str:
    nl, en = TEXT[key]
    return (en if lang == "en" else nl).format(**params)

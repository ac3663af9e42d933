"""The user messages of discovery (``koppelaar discover``, the TUI action) and ``koppelaar login``.

Dutch first, English second. Values are formatted in; callers pass text from Loket.nl through
``tui.text.safe.plain`` before it reaches a terminal.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- hints on existing profiles ------------------------------------------------------------
    "hint.client_number": (
        "Profiel {profile}: {typed} is het cliëntnummer van {employer}; "
        "het werkgever ID is {werkgever_id}.",
        "Profile {profile}: {typed} is the client number (cliëntnummer) of {employer}; "
        "the werkgever ID is {werkgever_id}.",
    ),
    "hint.administration_number": (
        "Profiel {profile}: {typed} is het administratienummer van {employer}; "
        "het werkgever ID is {werkgever_id}.",
        "Profile {profile}: {typed} is the administration number (administratienummer) of "
        "{employer}; the werkgever ID is {werkgever_id}.",
    ),
    "hint.differs": (
        "Profiel {profile}: werkgever ID {typed} klopt niet voor {employer}; "
        "het werkgever ID is {werkgever_id}.",
        "Profile {profile}: werkgever ID {typed} is not that of {employer}; "
        "the werkgever ID is {werkgever_id}.",
    ),
    "hint.closest": (
        "Profiel {profile}: werkgever ID {typed} hoort bij geen werkgever van {username}; "
        "de naam lijkt het meest op {employer} (werkgever ID {werkgever_id}).",
        "Profile {profile}: werkgever ID {typed} matches no employer of {username}; "
        "the closest name is {employer} (werkgever ID {werkgever_id}).",
    ),
    "hint.nothing_close": (
        "Profiel {profile}: werkgever ID {typed} hoort bij geen werkgever van {username}, "
        "en geen werkgever heeft een naam die erop lijkt.",
        "Profile {profile}: werkgever ID {typed} matches no employer of {username}, "
        "and no employer has a similar name.",
    ),
    # -- why discovery could not run -----------------------------------------------------------
    "error.no_password": (
        "Geen wachtwoord opgeslagen voor Loket.nl-gebruiker {username}: voeg het toe met "
        "'koppelaar secrets set loket-password {username}'.",
        "No password stored for Loket.nl user {username}: add it with "
        "'koppelaar secrets set loket-password {username}'.",
    ),
    "error.no_consent": (
        "Nog geen toestemming van Loket.nl-gebruiker {username}: geef die met "
        "'koppelaar login --user {username}'.",
        "No consent from Loket.nl user {username} yet: give it with "
        "'koppelaar login --user {username}'.",
    ),
    "error.invalid_grant": (
        "Loket.nl weigert de aanmelding van {username}: het wachtwoord klopt niet of de "
        "gebruiker is geblokkeerd. Zet het juiste wachtwoord met 'koppelaar secrets set "
        "loket-password {username}' en controleer in Loket.nl dat de gebruiker actief is.",
        "Loket.nl refuses the sign-in of {username}: the password is wrong or the user is "
        "blocked. Store the right password with 'koppelaar secrets set loket-password "
        "{username}' and check in Loket.nl that the user is active.",
    ),
    "error.refresh_refused": (
        "De toestemming van Loket.nl-gebruiker {username} is verlopen of ingetrokken: geef "
        "opnieuw toestemming met 'koppelaar login --user {username}'.",
        "The consent of Loket.nl user {username} has expired or was withdrawn: give it again "
        "with 'koppelaar login --user {username}'.",
    ),
    "error.loket": (
        "Werkgevers van {username} niet opgehaald: {why}",
        "Employers of {username} not fetched: {why}",
    ),
    "error.create": (
        "Profiel voor {employer} niet aangemaakt: {why}",
        "Profile for {employer} not created: {why}",
    ),
    # -- koppelaar discover ----------------------------------------------------------------------
    "col.werkgever_id": ("werkgever ID", "werkgever ID"),
    "col.employer": ("werkgever", "employer"),
    "col.kvk": ("KvK-nummer", "CoC number"),
    "col.loket_id": ("API id", "API id"),
    "col.profile": ("profiel", "profile"),
    "profile.new": ("(nieuw)", "(new)"),
    "summary": (
        "{total} werkgevers voor {username}: {known} met een profiel, {new} zonder; "
        "{requests} aanvragen.",
        "{total} employers for {username}: {known} with a profile, {new} without; "
        "{requests} requests.",
    ),
    "created": ("{count} profielen aangemaakt.", "{count} profiles created."),
    "nothing_new": (
        "Geen nieuwe werkgevers: elk heeft al een profiel.",
        "No new employers: each already has a profile.",
    ),
    "checking": (
        "De nieuwe profielen worden gecontroleerd...",
        "Checking the new profiles...",
    ),
    "usage.username": ("noem een Loket.nl-gebruikersnaam", "name a Loket.nl user name"),
    # -- koppelaar login -------------------------------------------------------------------------
    "login.usage": (
        "noem een profiel, of gebruik --user GEBRUIKERSNAAM (niet allebei)",
        "name a profile, or use --user USERNAME (not both)",
    ),
    "login.no_redirect": (
        "er is geen redirect_uri ingesteld: zet redirect_uri onder [loket] in het "
        "instellingenbestand ({file})",
        "no redirect_uri is configured: set redirect_uri under [loket] in the settings "
        "file ({file})",
    ),
    "login.open": (
        "Open dit adres in een browser en log in als Loket.nl-gebruiker {username}:",
        "Open this address in a browser and sign in as Loket.nl user {username}:",
    ),
    "login.paste": (
        "Plak daarna het adres waarop de browser eindigt (of alleen de code) en druk op Enter:",
        "Then paste the address the browser ends on (or just the code) and press Enter:",
    ),
    "login.no_input": (
        "Geen adres of code ontvangen; start 'koppelaar login' opnieuw.",
        "No address or code received; run 'koppelaar login' again.",
    ),
    "login.state_mismatch": (
        "Dit adres hoort niet bij deze aanmelding (state klopt niet); start 'koppelaar login' "
        "opnieuw en gebruik het nieuwe adres.",
        "This address does not belong to this sign-in (state does not match); run "
        "'koppelaar login' again and use the new address.",
    ),
    "login.access_denied": (
        "De aanmelding is afgebroken of de toegang is geweigerd in Loket.nl; er is niets "
        "opgeslagen.",
        "The sign-in was cancelled or access was denied in Loket.nl; nothing was stored.",
    ),
    "login.invalid_grant": (
        "Loket.nl weigert de code: die is verlopen of al gebruikt (een code geldt kort en één "
        "keer). Start 'koppelaar login' opnieuw.",
        "Loket.nl refuses the code: it has expired or was used already (a code is valid "
        "briefly and once). Run 'koppelaar login' again.",
    ),
    "login.no_code": (
        "Geen code gevonden: plak het hele adres waarop de browser eindigt, of alleen de code.",
        "No code found: paste the whole address the browser ends on, or just the code.",
    ),
    "login.failed": ("Aanmelden mislukt: {why}", "Sign-in failed: {why}"),
    "login.no_refresh_token": (
        "Loket.nl gaf geen vernieuwingstoken terug; er is niets opgeslagen. Vraag api@loket.nl "
        "of deze applicatie vernieuwingstokens krijgt.",
        "Loket.nl returned no refresh token; nothing was stored. Ask api@loket.nl whether this "
        "application receives refresh tokens.",
    ),
    "login.not_stored": (
        "Het vernieuwingstoken kon niet worden opgeslagen: {why}",
        "The refresh token could not be stored: {why}",
    ),
    "login.signed_in_as": (
        "Loket.nl meldt aangemeld: {who}.",
        "Loket.nl reports signed in: {who}.",
    ),
    "login.no_user": (
        "Loket.nl zei niet wie er is aangemeld ({why}); er is niets opgeslagen. Start "
        "'koppelaar login' opnieuw.",
        "Loket.nl did not say who signed in ({why}); nothing was stored. Run 'koppelaar login' "
        "again.",
    ),
    "login.who": (
        "Loket.nl meldt aangemeld: {name}, e-mail {email}.",
        "Loket.nl reports signed in: {name}, e-mail {email}.",
    ),
    "login.confirm": (
        "Is dit Loket.nl-gebruiker {username}, de gebruiker voor NN? Typ 'ja' om de toestemming "
        "op te slaan:",
        "Is this Loket.nl user {username}, the user for NN? Type 'yes' to store the consent:",
    ),
    "login.not_confirmed": (
        "Niet bevestigd; er is niets opgeslagen. Was u in de browser nog als iemand anders "
        "aangemeld? Log uit bij Loket.nl (of gebruik een privévenster), start 'koppelaar login' "
        "opnieuw en log in als {username}.",
        "Not confirmed; nothing was stored. Were you still signed in as someone else in the "
        "browser? Sign out of Loket.nl (or use a private window), run 'koppelaar login' again "
        "and sign in as {username}.",
    ),
    "login.other_user": (
        "Aangemeld als een andere gebruiker dan {username} (vastgesteld met de aanmelding van de "
        "applicatiebeheerder); er is niets opgeslagen. Log in als {username}.",
        "Signed in as a user other than {username} (established with the applicatiebeheerder's "
        "sign-in); nothing was stored. Sign in as {username}.",
    ),
    "login.stored": (
        "Toestemming opgeslagen voor Loket.nl-gebruiker {username}: het vernieuwingstoken "
        "staat in {store}.",
        "Consent stored for Loket.nl user {username}: the refresh token is in {store}.",
    ),
    "login.password_grant": (
        'Let op: de instellingen gebruiken grant = "password"; de toestemming wordt pas '
        'gebruikt met grant = "authorization_code".',
        'Note: the settings use grant = "password"; the consent is only used with '
        'grant = "authorization_code".',
    ),
}


def say(key: str, lang: str, **values: object) -> str:
    nl, en = MESSAGES[key]
    text = en if lang == "en" else nl
    return text.format(**values) if values else text

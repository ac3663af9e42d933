"""The Textual UI's own messages, Dutch and English.

Every lookup names its language explicitly: the UI switches language at run time, and a
context variable set in one Textual task would not reach the others. Keys not found here fall
back to ``tui.text.i18n`` (statuses, column names shared with the CLI). Loket's right names and menu
paths are quoted verbatim in both languages.
"""

from __future__ import annotations

from tui.text.catalogue import text


def ui(key: str, lang: str, n: int | None = None, **values: object) -> str:
    """The message ``key`` in ``lang`` (``nl`` or ``en``), formatted with ``values``."""
    return text(key, lang, n, **values)


HELP_TEXT: dict[str, str] = {
    "nl": """\
KOPPELAAR: Loket.nl koppelen aan XpertSuite van NN

De handleiding van NN in drie stappen; Koppelaar controleert elke stap in Loket.nl
voordat er iets wordt verstuurd.

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
  Gebruikers aanmaken vraagt applicatiebeheerder-rechten in Loket.nl. Heeft u die niet:
  vraag het uw administratiekantoor of accountant; een administratiekantoor vraagt het
  Loket.nl (api@loket.nl).

STAP 2  Zoek het werkgever ID op
  Klassiek Loket.nl: Werkgever > tab Bedrijfsinformatie > veld Werkgever ID.
  Nieuw Loket.nl: Ga naar de nieuwe versie van Loket.nl > zoek het bedrijf >
  Bedrijfsgegevens > blok Algemeen.
  Het is NIET het cliëntnummer en NIET het administratienummer.

STAP 3  Stuur de gegevens naar NN
  E-mail aan spa.inkomen@nn.nl met de gebruikersnaam, het wachtwoord en het werkgever ID.

CONTACT
  Vragen over de koppeling: spa.inkomen@nn.nl
  Vragen over Loket.nl:     api@loket.nl

TOETSEN
  /  filter        n  nieuw         e  wijzigen      Delete  verwijderen
  c  controleer    a  controleer alles               Escape  stop de controle
  s  sorteer       Spatie  handmatig item bevestigen Tab  lijst/stappen
  v  versturen     V  alles gereed versturen         k  gekoppeld
  l  inloggen (toestemming)    o  werkgevers ophalen uit Loket.nl
  h  herstel (als applicatiebeheerder)           H  herstel alles wat niet gereed is
  F2 instellingen  F3 English   Ctrl+P  opdrachten   F1 help   q  stoppen
""",
    "en": """\
KOPPELAAR: connecting Loket.nl to NN's XpertSuite

NN's manual in three steps; Koppelaar checks each step in Loket.nl before anything
is sent.

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
  Creating users needs applicatiebeheerder rights in Loket.nl. Without them: ask your
  provider (administratiekantoor or accountant); a provider asks Loket.nl (api@loket.nl).

STEP 2  Look up the werkgever ID
  Classic Loket.nl: Werkgever > tab Bedrijfsinformatie > field Werkgever ID.
  New Loket.nl: Ga naar de nieuwe versie van Loket.nl > find the company >
  Bedrijfsgegevens > box Algemeen.
  It is NOT the client number (cliëntnummer) nor the administration number.

STEP 3  Send the data to NN
  Email spa.inkomen@nn.nl with the username, the password and the werkgever ID.

CONTACTS
  Questions on the connection: spa.inkomen@nn.nl
  Questions on Loket.nl:       api@loket.nl

KEYS
  /  filter        n  add           e  edit          Delete  delete
  c  check         a  check all                      Escape  cancel the check
  s  sort          Space  confirm a manual item      Tab  list/steps
  v  submit        V  submit all ready               k  connected
  l  log in (consent)          o  werkgevers ophalen uit Loket.nl
  h  repair (as admin)         H  repair every employer that is not ready
  F2 settings      F3 Nederlands  Ctrl+P  commands   F1 help   q  quit
""",
}

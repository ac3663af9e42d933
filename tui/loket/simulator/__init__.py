"""A Loket.nl simulator: the API under ``/v2``, OAuth under ``/oauth``, extras under ``/_sim``."""

from tui.loket.simulator.app import DEMO_SCENARIO, create_app
from tui.loket.simulator.scenario import Scenario, ScenarioError, load_scenario
from tui.loket.simulator.server import run, serve_in_thread

__all__ = [
    "DEMO_SCENARIO",
    "Scenario",
    "ScenarioError",
    "create_app",
    "load_scenario",
    "run",
    "serve_in_thread",
]

"""Word lists and patterns the role-phrase pass uses to decide whether a phrase names a part of
its own, a surface of another (an API, an SDK), or something inside one."""

from __future__ import annotations

import re

# Words for the machines a part runs on: "four Go pods", "two EC2 instances", "the court-side server".
HOSTS = {"instance", "node", "pod", "machine", "host", "vm", "container", "replica", "box", "copy", "server"}
PART_OF_NEXT = re.compile(r"\s+(?:group\s+)?(?:in|inside|within|of) (?:the|our|each|every) ", re.I)
MOBILE_PUSH = r"APNs|FCM|GCM|Web Push|push notifications?"  # a push a phone gets from a platform, not a socket
CALL_PROTOCOLS = {"http", "https", "rest", "grpc", "json", "graphql", "restful", "json-rpc"}
VENDORS = {"azure", "aws", "amazon", "google", "gcp", "oracle", "ibm", "microsoft", "confluent"}


def speaks_mqtt(entry) -> bool:
    """A broker its clients reach over MQTT (Mosquitto, EMQX, HiveMQ): the knowledge base says so."""
    return entry is not None and entry.provides.get("protocol") == "mqtt"


def product_stem(tech: str) -> str:
    """What one product's ids share ("redis" for redis_pubsub and redis_streams), not the vendor's prefix:
    azure_front_door and azure_signalr are two products."""
    words = tech.split("_")
    return "_".join(words[:2]) if words[0] in VENDORS and len(words) > 1 else words[0]


ON_DEVICE = re.compile(r"\b(?:on (?:the |each |every )?(?:device|phone|client|handset)|in the (?:app|browser|client)|"
                       r"client[- ]side|in-browser|locally|local (?:[\w-]+ )?(?:cache|copy|db|database|store|storage)|indexeddb|"
                       r"localstorage)\b", re.I)
ACTS = re.compile(r"\b(?:emits?|publish(?:es)?|sends?|pushes|calls?|triggers?|creates?|mints?|signs?|issues?|enqueues?|"
                  r"notif(?:y|ies)|writes? to|hands?|posts?)\b", re.I)
SURFACE_MODS = {"http", "https", "server", "rest", "publish", "admin", "grpc", "websocket", "public", "internal",
                "management", "control", "client", "regular", "normal", "usual", "standard", "official", "ordinary", "plain"}
SURFACES = {"api", "sdk", "endpoint", "console", "dashboard"}
PART_OF = re.compile(r"\s*\((?:a|an|the|just a)\s+(?:\w+\s+){0,2}?(?:on|in|of|inside|within)\s+\**([\w.-]+?)\**\)")
THEIR_API = re.compile(r"(?:vendor|provider|partner|bank|bookmaker|exchange|carrier|supplier|merchant|insurer|airline|"
                       r"operator|government|regulator|utility|league)s?['’]s?", re.I)  # "the bookmaker's API"

# Machines that connect to a system as its clients when a sentence says so: "the AMRs each hold a
# WebSocket to fleet-hub", "six cue boxes keep a socket open to Pusher".
HARDWARE = (r"robots?|AMRs?|cameras?|box(?:es)?|lamps?|scanners?|printers?|readers?|beacons?|scooters?|drones?|"
            r"vehicles?|trucks?|buses|cars?|meters?|gauges?|pumps?|lockers?|chargers?|turbines?|controllers?|boards?|trackers?|"
            r"tags?|decoders?|counters?|modems?|receivers?|stations?|transmitters?|loggers?")
HARDWARE_SUBJECT = re.compile(
    r"(?:^|(?<=[.!?;:]\s)|(?<=\n))[ \t]*(?:[-*•][ \t]+)?(?:(?:the|an?|our|all|every|each|some|its|their|~?\d[\d,.]*|two|three|four|"
    r"five|six|seven|eight|nine|ten|twelve|a dozen|dozens of|hundreds of)\s+)*"
    rf"(?P<name>(?:[A-Za-z][\w+-]*\s+){{0,2}}?(?:{HARDWARE}))(?:\s*\([^()\n]{{0,120}}\))?(?:,[^,.;\n]{{0,80}},)?"
    r"(?:\s+(?:on|in|at|behind|beside|near|by) (?:the|each|every|a|an|our) [\w-]+(?: [\w-]+)?)?\s+"
    r"(?:each\s+|also\s+|then\s+|all\s+|only\s+)?(?:keep|hold|connect|post|poll|subscribe|publish|send|report|push|register|open|join|"
    r"stream|call|talk|ping|dial|upload)(?:s|es|ed|ing)?\b", re.I)

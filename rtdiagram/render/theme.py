"""One table of looks: kind → shape and colours, protocol → line style, per theme.

Every visual decision lives here, so DOT, Mermaid, D2 and the sequence SVG stay consistent.
"""

from __future__ import annotations

from dataclasses import dataclass

FONT = "Helvetica"  # what Graphviz is told: node sizes are fixed from the bundled font's metrics
# (render.sizes), and the SVG names Inter first (render.fonts.STACK)


@dataclass(frozen=True)
class KindLook:
    shape: str
    light: str  # fill colour on the light theme
    dark: str   # fill colour on the dark theme
    tag: str    # the small kind caption under the name
    style: str = "filled"


KINDS: dict[str, KindLook] = {
    "client": KindLook("box", "#e8f1fb", "#1d3557", "client", "rounded,filled"),
    "cdn": KindLook("hexagon", "#fff4e0", "#5c4210", "CDN"),
    "load_balancer": KindLook("hexagon", "#fff4e0", "#5c4210", "load balancer"),
    "proxy": KindLook("hexagon", "#fff4e0", "#5c4210", "proxy"),
    "ingress": KindLook("hexagon", "#fff4e0", "#5c4210", "ingress"),
    "gateway": KindLook("box3d", "#e4f5e9", "#1f4d2e", "real-time gateway"),
    "registry": KindLook("tab", "#f3e8fb", "#44275a", "connection registry"),
    "pubsub": KindLook("cds", "#fde8e8", "#5f1f1f", "pub/sub"),
    "presence": KindLook("ellipse", "#f3e8fb", "#44275a", "presence"),
    "queue": KindLook("parallelogram", "#fde8e8", "#5f1f1f", "queue"),
    "service": KindLook("component", "#eef0f3", "#2f3540", "service"),
    "datastore": KindLook("cylinder", "#fdf6d8", "#4d4415", "datastore"),
    "auth": KindLook("octagon", "#e6f6f6", "#184747", "auth"),
    "external": KindLook("box", "#ffffff", "#262b33", "external", "dashed,filled"),
    "monitoring": KindLook("note", "#eef0f3", "#2f3540", "monitoring"),
    "turn": KindLook("trapezium", "#fff4e0", "#5c4210", "TURN relay"),
    "stun": KindLook("trapezium", "#fff4e0", "#5c4210", "STUN"),
}


@dataclass(frozen=True)
class ProtocolLook:
    colour_light: str
    colour_dark: str
    style: str  # DOT style
    penwidth: float
    description: str
    mermaid: str  # Mermaid arrow ("-->", "-.->", "==>")
    d2_dash: int = 0


PROTOCOLS: dict[str, ProtocolLook] = {
    "websocket": ProtocolLook("#1b64c4", "#6ea8ff", "bold", 2.4, "WebSocket (bidirectional)", "<==>"),
    "sse": ProtocolLook("#1e8a4c", "#58d68d", "dashed", 1.8, "Server-Sent Events (server → client)", "-.->", 4),
    "long_polling": ProtocolLook("#d4570f", "#ff8c42", "dotted", 1.8, "long polling", "-.->", 2),
    "webrtc": ProtocolLook("#7b3fb5", "#c39bff", "bold", 2.4, "WebRTC (peer-to-peer)", "<==>"),
    "pubsub": ProtocolLook("#b4237a", "#ff7b6b", "dashed", 1.6, "pub/sub", "-.->", 5),
    "http": ProtocolLook("#5a6472", "#aab4c3", "solid", 1.2, "HTTP", "-->"),
    "grpc": ProtocolLook("#5a6472", "#aab4c3", "solid", 1.2, "gRPC", "-->"),
    "tcp": ProtocolLook("#5a6472", "#aab4c3", "solid", 1.2, "TCP", "-->"),
    "udp": ProtocolLook("#5a6472", "#aab4c3", "dashed", 1.2, "UDP", "-.->", 3),
    "sql": ProtocolLook("#8a6d1f", "#e0c068", "solid", 1.2, "SQL", "-->"),
    "redis": ProtocolLook("#8a6d1f", "#e0c068", "solid", 1.2, "Redis commands", "-->"),
    "dynamodb": ProtocolLook("#8a6d1f", "#e0c068", "solid", 1.2, "DynamoDB calls", "-->"),
    "kafka": ProtocolLook("#b4237a", "#ff7b6b", "solid", 1.4, "Kafka", "-->"),
    "amqp": ProtocolLook("#b4237a", "#ff7b6b", "solid", 1.4, "AMQP", "-->"),
    "mqtt": ProtocolLook("#b4237a", "#ff7b6b", "solid", 1.4, "MQTT", "-->"),
    "internal": ProtocolLook("#a0a7b4", "#5f6b7a", "dashed", 1.0, "in-process / platform call", "-.->", 2),
}


@dataclass(frozen=True)
class Palette:
    background: str
    text: str
    muted: str
    border: str
    cluster_fill: str
    cluster_border: str


PALETTES = {
    "light": Palette("#ffffff", "#1f2328", "#59636e", "#59636e", "#f6f8fa", "#d0d7de"),
    "dark": Palette("#0d1117", "#e6edf3", "#b1bac4", "#9198a1", "#161b22", "#30363d"),
}

# Borders and lines of findings. No protocol colour is near one of these (CIE ΔE ≥ 25; the
# quality test checks the legend), so red means "error", never "pub/sub".
SEVERITY_COLOURS = {"error": "#d1242f", "warning": "#bf8700", "info": "#00838f"}
# Finding codes written on a node: the same hues, with AA contrast on every fill of the theme.
SEVERITY_TEXT = {
    "light": {"error": "#a40e26", "warning": "#7d4e00", "info": "#006d77"},
    "dark": {"error": "#ffa198", "warning": "#e3b341", "info": "#56d4dd"},
}


def fill(kind: str, theme: str) -> str:
    look = KINDS[kind]
    return look.dark if theme == "dark" else look.light


def line_colour(protocol: str, theme: str) -> str:
    look = PROTOCOLS[protocol]
    return look.colour_dark if theme == "dark" else look.colour_light


# Small line icons, drawn inside the SVG itself (no external files), on a 12 × 12 grid.
ICONS: dict[str, str] = {
    "client": '<rect x="1" y="1.5" width="10" height="7" rx="1"/><path d="M4 11h4M6 8.5V11"/>',
    "gateway": '<path d="M1 4h10M8 1l3 3-3 3M11 9H1M4 6L1 9l3 3"/>',
    "load_balancer": '<path d="M1 6h4M5 6l6-4M5 6l6 4M5 6h6"/>',
    "proxy": '<path d="M1 6h10M8 3l3 3-3 3"/><circle cx="3" cy="6" r="1.5"/>',
    "ingress": '<path d="M1 6h7M5 3l3 3-3 3M10 1v10"/>',
    "cdn": '<circle cx="6" cy="6" r="5"/><path d="M1 6h10M6 1c-2.5 3-2.5 7 0 10M6 1c2.5 3 2.5 7 0 10"/>',
    "registry": '<rect x="1.5" y="1" width="9" height="10" rx="1"/><path d="M3.5 4h5M3.5 6h5M3.5 8h3"/>',
    "pubsub": '<circle cx="6" cy="6" r="1.3"/><path d="M3.2 3.2a4 4 0 0 0 0 5.6M8.8 3.2a4 4 0 0 1 0 5.6M1.4 1.4a6.5 6.5 0 0 0 0 9.2M10.6 1.4a6.5 6.5 0 0 1 0 9.2"/>',
    "presence": '<circle cx="6" cy="3.5" r="2.2"/><path d="M1.5 11.5c0-3.5 9-3.5 9 0"/>',
    "queue": '<path d="M1 3h10M1 6h10M1 9h10"/>',
    "service": '<circle cx="6" cy="6" r="4.2"/><circle cx="6" cy="6" r="1.5"/><path d="M6 0.5v1.3M6 10.2v1.3M0.5 6h1.3M10.2 6h1.3"/>',
    "datastore": '<ellipse cx="6" cy="2.5" rx="4.5" ry="1.5"/><path d="M1.5 2.5v7c0 2 9 2 9 0v-7M1.5 6c0 2 9 2 9 0"/>',
    "auth": '<rect x="2" y="5.5" width="8" height="6" rx="1"/><path d="M4 5.5V3.8a2 2 0 0 1 4 0v1.7"/>',
    "external": '<path d="M3.5 10h5.5a2.5 2.5 0 0 0 0-5 3.5 3.5 0 0 0-6.6-.8A2.9 2.9 0 0 0 3.5 10z"/>',
    "monitoring": '<path d="M1 11l3-4 3 2 4-6M1 1v10h10"/>',
    "turn": '<circle cx="6" cy="6" r="1.5"/><path d="M1 6h3M8 6h3M9 3l2 3-2 3"/>',
    "stun": '<circle cx="6" cy="6" r="4.5"/><path d="M6 3v3l2 2"/>',
}

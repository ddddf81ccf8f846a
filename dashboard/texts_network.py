"""The network map page's words in German and English (joined to :data:`dashboard.i18n.MESSAGES`).

Kept apart from the catalogue so that each page's texts can be read (and translated) together. Ids start
with ``network.``; the map's own tooltip words live in :mod:`graph.maps.html`.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["NETWORK_MESSAGES"]

NETWORK_MESSAGES: Mapping[str, Mapping[str, str]] = {
    "network.title": {"de": "Netzwerkkarte", "en": "Network map"},
    "network.intro": {
        "de": "Akteure und ihre Verbindungen. Fahren Sie mit der Maus über einen Punkt oder eine Linie, um "
              "Einzelheiten zu sehen; ziehen Sie zum Verschieben, scrollen Sie zum Zoomen.",
        "en": "Actors and their ties. Hover over a node or a line for details; drag to move, scroll to zoom.",
    },
    # -- selection ------------------------------------------------------------------------------------
    "network.filters": {"de": "Auswahl", "en": "Selection"},
    "network.filter_fields": {"de": "Handlungsfeld", "en": "Field of action"},
    "network.filter_municipalities": {"de": "Kommune", "en": "Municipality"},
    "network.filter_kinds": {"de": "Art des Akteurs", "en": "Kind of actor"},
    "network.filter_types": {"de": "Art der Verbindung", "en": "Type of tie"},
    "network.filter_types_help": {
        "de": "Zeigt nur Verbindungen dieser Arten und nur Akteure, die mindestens eine davon haben.",
        "en": "Shows only ties of these types, and only actors with at least one of them.",
    },
    "network.filter_any": {"de": "alle", "en": "all"},
    "network.search": {"de": "Suche in Namen und Orten", "en": "Search names and towns"},
    "network.search_placeholder": {"de": "z. B. Asyl oder Bietigheim", "en": "e.g. Asyl or Bietigheim"},
    "network.district_wide": {
        "de": "Auch kreisweit tätige Akteure zeigen",
        "en": "Also show actors that serve the whole district",
    },
    "network.hide_illustrative": {"de": "Demonstrationsverbindungen ausblenden", "en": "Hide demonstration ties"},
    "network.hide_illustrative_help": {
        "de": "Demonstrationsverbindungen zeigen, wie die Karte aussieht; sie sind keine belegte Zusammenarbeit.",
        "en": "Demonstration ties show what the map looks like; they are not a documented cooperation.",
    },
    # -- what to show ---------------------------------------------------------------------------------
    "network.mode": {"de": "Zeigen", "en": "Show"},
    "network.mode_selection": {"de": "die Auswahl", "en": "the selection"},
    "network.mode_focus": {"de": "das Umfeld eines Akteurs", "en": "an actor's neighbourhood"},
    "network.mode_path": {
        "de": "den kürzesten Weg zwischen zwei Akteuren",
        "en": "the shortest path between two actors",
    },
    "network.mode_help": {
        "de": "Für Umfeld und Weg gelten nur die Filter für Verbindungen (Art der Verbindung, "
              "Demonstrationsverbindungen).",
        "en": "For the neighbourhood and the path only the tie filters apply (type of tie, demonstration ties).",
    },
    "network.focus_actor": {"de": "Akteur", "en": "Actor"},
    "network.actor_placeholder": {"de": "Namen eingeben …", "en": "Type a name …"},
    "network.depth": {"de": "Schritte entfernt", "en": "Steps away"},
    "network.depth_help": {
        "de": "1 = direkte Partner, 2 = auch deren Partner, 3 = noch einen Schritt weiter.",
        "en": "1 = direct partners, 2 = also their partners, 3 = one step further.",
    },
    "network.path_from": {"de": "Von", "en": "From"},
    "network.path_to": {"de": "Nach", "en": "To"},
    "network.focus_choose": {
        "de": "Wählen Sie oben einen Akteur, um sein Umfeld zu sehen.",
        "en": "Choose an actor above to see its neighbourhood.",
    },
    "network.path_choose": {
        "de": "Wählen Sie oben zwei Akteure, um den kürzesten Weg zwischen ihnen zu sehen.",
        "en": "Choose two actors above to see the shortest path between them.",
    },
    "network.focus_active": {
        "de": "Gezeigt: {name} und alle Akteure bis {depth} Schritt(e) entfernt.",
        "en": "Shown: {name} and every actor up to {depth} step(s) away.",
    },
    "network.path_found": {
        "de": "Kürzester Weg von {source} nach {target}: {steps} Schritt(e). Die Tabelle nennt die Akteure "
              "in der Reihenfolge des Weges.",
        "en": "Shortest path from {source} to {target}: {steps} step(s). The table lists the actors in the "
              "order of the path.",
    },
    "network.path_none": {
        "de": "Zwischen {source} und {target} gibt es keinen Weg über die Verbindungen der gewählten Arten.",
        "en": "There is no path between {source} and {target} over the ties of the chosen types.",
    },
    "network.actor_missing": {
        "de": "Den gewählten Akteur gibt es im Datenbestand nicht (mehr). Wählen Sie einen anderen.",
        "en": "The chosen actor is not (or no longer) in the data store. Choose another one.",
    },
    # -- display --------------------------------------------------------------------------------------
    "network.display": {"de": "Darstellung", "en": "Display"},
    "network.layout": {"de": "Anordnung", "en": "Layout"},
    "network.layout_force": {"de": "nach Verbindungen", "en": "by ties"},
    "network.layout_geographic": {"de": "Karte des Landkreises", "en": "map of the district"},
    "network.layout_grouped": {"de": "nach Art gruppiert", "en": "grouped by kind"},
    "network.layout_help": {
        "de": "Nach Verbindungen: eng verbundene Akteure liegen beieinander, bei jedem Aufruf gleich. Karte: "
              "Kommunen an ihrem Ort (Norden oben), andere Akteure um ihren Sitz, Akteure ohne Sitz im "
              "Landkreis unterhalb.",
        "en": "By ties: closely tied actors lie together, the same on every visit. Map: municipalities at their "
              "place (north up), other actors around their seat, actors without a seat in the district below.",
    },
    "network.size_by": {"de": "Größe nach", "en": "Size by"},
    "network.size_uniform": {"de": "einheitlich", "en": "uniform"},
    "network.size_degree": {"de": "Zahl der Partner", "en": "number of partners"},
    "network.size_betweenness": {"de": "Vermittlerrolle (Betweenness)", "en": "broker role (betweenness)"},
    "network.colour_by": {"de": "Farbe und Form nach", "en": "Colour and shape by"},
    "network.colour_kind": {"de": "Art des Akteurs", "en": "kind of actor"},
    "network.colour_field": {"de": "Handlungsfeld", "en": "field of action"},
    "network.colour_community": {"de": "Gemeinschaft (eng verbundene Gruppe)", "en": "community (closely tied group)"},
    "network.physics": {"de": "Bewegung", "en": "Motion"},
    "network.physics_help": {
        "de": "Lässt die Punkte sich nach dem Zeichnen zurechtrücken. Aus: Jeder Punkt bleibt an seinem "
              "festen Platz.",
        "en": "Lets the nodes settle after drawing. Off: every node stays at its fixed place.",
    },
    # -- counts and notes -----------------------------------------------------------------------------
    "network.counts": {
        "de": "{actors_shown} von {actors_total} Akteuren und {ties_shown} von {ties_total} Verbindungen "
              "gezeigt",
        "en": "{actors_shown} of {actors_total} actors and {ties_shown} of {ties_total} ties shown",
    },
    "network.counts_aggregated": {
        "de": "{actors_shown} von {actors_total} Akteuren und {ties_shown} von {ties_total} Verbindungen "
              "gezeigt, zusammengefasst in {groups} Gruppen",
        "en": "{actors_shown} of {actors_total} actors and {ties_shown} of {ties_total} ties shown, combined "
              "into {groups} groups",
    },
    "network.illustrative_banner": {
        "de": "Gestrichelte Linien sind Demonstrationsverbindungen ({count}): Sie zeigen, wie die Karte "
              "aussieht, und sind keine belegte Zusammenarbeit.",
        "en": "Dashed lines are demonstration ties ({count}): they show what the map looks like and are not "
              "a documented cooperation.",
    },
    "network.loading": {"de": "Das Netzwerk wird gelesen und gezeichnet …", "en": "Reading and drawing the network …"},
    "network.nothing_matches": {
        "de": "Keine Akteure passen zu dieser Auswahl. Lockern Sie die Filter.",
        "en": "No actors match this selection. Loosen the filters.",
    },
    # -- aggregation ----------------------------------------------------------------------------------
    "network.aggregated": {
        "de": "Diese Ansicht umfasst {actors} Akteure, mehr als die {limit}, die eine Karte lesbar zeigt. Die "
              "Karte fasst sie deshalb {by} zusammen: ein Punkt je Gruppe, so groß wie die Zahl ihrer Akteure. "
              "Öffnen Sie unten eine Gruppe, um ihre Akteure zu sehen.",
        "en": "This view holds {actors} actors, more than the {limit} a map shows readably. The map therefore "
              "combines them {by}: one node per group, as large as its number of actors. Open a group below "
              "to see its actors.",
    },
    "network.by_municipality": {"de": "nach Kommune (Sitz)", "en": "by municipality (seat)"},
    "network.by_kind": {"de": "nach Art des Akteurs", "en": "by kind of actor"},
    "network.group_by": {"de": "Zusammenfassen", "en": "Combine"},
    "network.open_group": {"de": "Gruppe öffnen", "en": "Open a group"},
    "network.open_subgroup": {"de": "Darin eine Gruppe öffnen", "en": "Open a group within it"},
    "network.group_option": {"de": "{name} ({actors} Akteure)", "en": "{name} ({actors} actors)"},
    "network.group_outside": {"de": "ohne Sitz im Landkreis", "en": "no seat in the district"},
    "network.open_none": {"de": "– keine (Übersicht) –", "en": "– none (overview) –"},
    "network.opened": {
        "de": "Geöffnet: {groups}. Wählen Sie „– keine (Übersicht) –“, um wieder alle Gruppen zu sehen.",
        "en": "Opened: {groups}. Choose “– none (overview) –” to see all groups again.",
    },
    "network.truncated": {
        "de": "Auch so sind es mehr als {limit} Akteure; gezeigt werden die {limit} mit den meisten Verbindungen.",
        "en": "Even so there are more than {limit} actors; the {limit} with the most ties are shown.",
    },
    # -- legend ---------------------------------------------------------------------------------------
    "network.legend": {"de": "Legende", "en": "Legend"},
    "network.legend_tie": {"de": "Verbindung", "en": "Tie"},
    "network.legend_illustrative": {"de": "Demonstrationsverbindung", "en": "Demonstration tie"},
    "network.legend_several_fields": {"de": "mehrere Handlungsfelder", "en": "several fields of action"},
    "network.legend_no_field": {"de": "kein Handlungsfeld", "en": "no field of action"},
    "network.legend_community": {"de": "Gemeinschaft {number}", "en": "Community {number}"},
    "network.legend_other_communities": {"de": "kleinere Gemeinschaften", "en": "smaller communities"},
    "network.legend_size_degree": {
        "de": "Größe: Zahl der Partner in dieser Ansicht.",
        "en": "Size: number of partners in this view.",
    },
    "network.legend_size_betweenness": {
        "de": "Größe: Vermittlerrolle in dieser Ansicht (wie oft ein Akteur auf kürzesten Wegen zwischen anderen "
              "liegt).",
        "en": "Size: broker role in this view (how often an actor lies on shortest paths between others).",
    },
    "network.legend_group_size": {
        "de": "Punktgröße: Zahl der Akteure der Gruppe; Linienbreite: Zahl der Verbindungen.",
        "en": "Node size: number of actors in the group; line width: number of ties.",
    },
    "network.legend_municipality_group": {"de": "Kommune mit ihren Akteuren", "en": "Municipality with its actors"},
    # -- tables ---------------------------------------------------------------------------------------
    "network.tab_actors": {"de": "Gezeigte Akteure", "en": "Actors shown"},
    "network.tab_ties": {"de": "Gezeigte Verbindungen", "en": "Ties shown"},
    "network.tab_groups": {"de": "Gezeigte Gruppen", "en": "Groups shown"},
    "network.download": {"de": "Tabelle als CSV herunterladen", "en": "Download the table as CSV"},
    "network.col_name": {"de": "Name", "en": "Name"},
    "network.col_kind": {"de": "Art", "en": "Kind"},
    "network.col_town": {"de": "Ort", "en": "Town"},
    "network.col_fields": {"de": "Handlungsfelder", "en": "Fields of action"},
    "network.col_ties": {"de": "Verbindungen", "en": "Ties"},
    "network.col_steps": {"de": "Schritte", "en": "Steps"},
    "network.col_partners": {"de": "Partner", "en": "Partners"},
    "network.col_betweenness": {"de": "Vermittlerrolle", "en": "Broker role"},
    "network.col_community": {"de": "Gemeinschaft", "en": "Community"},
    "network.col_provenance": {"de": "Quelle", "en": "Source"},
    "network.col_from": {"de": "Von", "en": "From"},
    "network.col_type": {"de": "Art der Verbindung", "en": "Type of tie"},
    "network.col_to": {"de": "Nach", "en": "To"},
    "network.col_since": {"de": "Seit", "en": "Since"},
    "network.col_until": {"de": "Bis", "en": "Until"},
    "network.col_note": {"de": "Notiz", "en": "Note"},
    "network.col_group": {"de": "Gruppe", "en": "Group"},
    "network.col_actors": {"de": "Akteure", "en": "Actors"},
    "network.col_ties_within": {"de": "Verbindungen innerhalb", "en": "Ties within"},
    "network.col_ties_between": {"de": "Verbindungen zu anderen Gruppen", "en": "Ties to other groups"},
    "network.col_illustrative": {"de": "davon Demonstrationsverbindungen", "en": "of which demonstration ties"},
}

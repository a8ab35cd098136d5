"""Write the corpus's flat-ODS workbooks and have LibreOffice save each as .xlsx (committed beside them).

Run from the repository root: ``python3 tests/importing/corpus/make_workbooks.py`` (needs ``soffice``).
A cell is a string ("^" for one covered by a merge), or a dict with ``text``, ``formula`` (an
OpenFormula with its cached value), ``down`` (rows merged below it) or ``across`` (columns merged to its right).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
Cell = str | dict[str, Any] | None

_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:body><office:spreadsheet>
"""
_TAIL = "</office:spreadsheet></office:body></office:document>\n"


def _cell(cell: Cell) -> str:
    if cell is None or cell == "":
        return "<table:table-cell/>"
    if cell == "^":
        return "<table:covered-table-cell/>"
    if isinstance(cell, str):
        cell = {"text": cell}
    attrs = ""
    if "down" in cell:
        attrs += f' table:number-rows-spanned="{cell["down"]}" table:number-columns-spanned="1"'
    if "across" in cell:
        attrs += f' table:number-columns-spanned="{cell["across"]}" table:number-rows-spanned="1"'
    if "formula" in cell:
        value = cell.get("value", "0")
        attrs += f' table:formula="{escape(cell["formula"])}" office:value-type="float" office:value="{value}"'
        return f"<table:table-cell{attrs}><text:p>{value}</text:p></table:table-cell>"
    attrs += ' office:value-type="string"'
    paras = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(cell["text"]).split("\n"))
    return f"<table:table-cell{attrs}>{paras}</table:table-cell>"


def fods(sheets: list[tuple[str, list[list[Cell]], set[int]]]) -> str:
    """Flat ODS text of ``(name, rows, hidden 1-based columns)`` sheets."""
    out = [_HEAD]
    for name, rows, hidden in sheets:
        width = max(len(r) for r in rows)
        out.append(f'<table:table table:name="{escape(name)}">')
        for c in range(1, width + 1):
            vis = ' table:visibility="collapse"' if c in hidden else ""
            out.append(f"<table:table-column{vis}/>")
        for row in rows:
            out.append("<table:table-row>" + "".join(_cell(c) for c in row) + "</table:table-row>")
        out.append("</table:table>")
    out.append(_TAIL)
    return "\n".join(out)


def to_xlsx(source: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        sys.exit("soffice is needed")
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx",
             "--outdir", tmp, str(source)],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        shutil.copyfile(Path(tmp) / (source.stem + ".xlsx"), source.with_suffix(".xlsx"))


def m(text: str, down: int) -> dict[str, Any]:
    return {"text": text, "down": down}


WORKBOOKS: dict[str, list[tuple[str, list[list[Cell]], set[int]]]] = {
    # A flat list as an operations team keeps it in Excel: stage merged down its group, a hidden helper
    # column, a formula-only check column, a Total row and a legend under the list.
    "t03-flat-merged": [
        (
            "Journey",
            [
                [
                    "Stage",
                    "Step",
                    "Helper",
                    "Channel",
                    "Owner",
                    "Customer emotion (1-5)",
                    "Biggest pain points",
                    "Fix",
                    "Fix owner",
                    "Check",
                ],
                [
                    m("Evaluate", 2),
                    "Demo request",
                    "row-1",
                    "Web form",
                    "SDR team",
                    "3",
                    "Form asks for 14 fields",
                    "Cut the form to 5 fields",
                    "Web team",
                    {"formula": "of:=LEN([.B2])", "value": "12"},
                ],
                [
                    "^",
                    "Sales demo",
                    "row-2",
                    "Zoom",
                    "Account executive",
                    "4",
                    "",
                    "",
                    "",
                    {"formula": "of:=LEN([.B3])", "value": "10"},
                ],
                [
                    m("Onboard", 3),
                    "Contract signature",
                    "row-3",
                    "DocuSign",
                    "Legal",
                    "2",
                    "Redlines take three weeks",
                    "Standard terms for small deals",
                    "Legal",
                    {"formula": "of:=LEN([.B4])", "value": "18"},
                ],
                [
                    "^",
                    "Workspace setup",
                    "row-4",
                    "In-app wizard",
                    "Onboarding team",
                    "1",
                    "Wizard skips the SSO step",
                    "Add SSO to the wizard",
                    "Product",
                    {"formula": "of:=LEN([.B5])", "value": "15"},
                ],
                [
                    "^",
                    "First training",
                    "row-5",
                    "Webinar",
                    "Customer education",
                    "4",
                    "TBD",
                    "",
                    "",
                    {"formula": "of:=LEN([.B6])", "value": "14"},
                ],
                [
                    m("Grow", 2),
                    "Usage review",
                    "row-6",
                    "Video call",
                    "CSM",
                    "5",
                    "",
                    "",
                    "",
                    {"formula": "of:=LEN([.B7])", "value": "12"},
                ],
                [
                    "^",
                    "Upsell offer",
                    "row-7",
                    "Email",
                    "Account manager",
                    "2",
                    "Offer ignores what they use",
                    "Base offers on usage data",
                    "RevOps",
                    {"formula": "of:=LEN([.B8])", "value": "12"},
                ],
                ["Total", "7 steps", "", "", "", {"formula": "of:=AVERAGE([.F2:.F8])", "value": "3"}, "", "", "", ""],
                [],
                ["Legend: emotion 1 = very unhappy, 5 = very happy"],
            ],
            {3},
        ),
    ],
    # Held out: a French workshop grid, phases merged across their stages, feelings as words.
    "h01-atelier-fr": [
        (
            "Parcours",
            [
                ["Parcours client : souscription assurance habitation"],
                [],
                ["", {"text": "Avant la vente", "across": 2}, "^", {"text": "Après la vente", "across": 2}, "^"],
                ["Étape", "Découverte", "Souscription", "Sinistre", "Renouvellement"],
                [
                    "Actions",
                    "Compare les offres en ligne",
                    "Remplit le devis\nSigne le contrat",
                    "Déclare le sinistre",
                    "Reçoit l'avis d'échéance",
                ],
                [
                    "Points de contact",
                    "Comparateur",
                    "Formulaire de devis\nSignature électronique",
                    "Application mobile",
                    "Courrier",
                ],
                ["Émotions", "Curieux", "Satisfait", "Inquiet", "Mécontent"],
                [
                    "Points de friction",
                    "",
                    "Le devis demande la surface exacte",
                    "Aucun suivi après la déclaration",
                    "Hausse de prix non expliquée",
                ],
                [
                    "Opportunités",
                    "",
                    "Estimer la surface à partir de l'adresse (Produit)",
                    "Notifications de suivi (Sinistres)",
                    "Expliquer la hausse dans le courrier (Marketing)",
                ],
                ["Responsable", "Marketing", "Ventes", "Gestion des sinistres", "Service client"],
            ],
            set(),
        ),
    ],
    # Held out: an English wide grid from Excel with a 1-10 score, placeholders, a hidden column and a notes row.
    "h04-wide-scores": [
        (
            "Sheet1",
            [
                ["Patient journey: outpatient appointment"],
                ["Layer", "Referral", "Booking", "Visit", "Draft stage", "Follow-up"],
                [
                    "Touchpoints",
                    "GP referral letter",
                    "Booking call\nConfirmation SMS",
                    "Reception desk\nConsultation",
                    "ignore me",
                    "Results letter",
                ],
                [
                    "Owner",
                    "GP practice",
                    "Booking office\nBooking office",
                    "Front desk\nClinician",
                    "x",
                    "Clinic admin",
                ],
                ["Experience score (1-10)", "5", "3\n8", "6\n9", "", "2"],
                ["Pain points", "n/a", "Phone line busy all morning", "TBD", "", "Results take six weeks by post"],
                ["Improvements", "—", "Online booking (Digital team)", "", "", "Results in the patient portal (IT)"],
                ["Notes", "Reviewed with the patient panel in September", "", "", "", ""],
            ],
            {5},
        ),
    ],
    # Held out: a German wide grid from LibreOffice, one owner per line, feelings as words.
    "h08-wide-de": [
        (
            "Customer Journey",
            [
                ["Kundenphase", "Information", "Bestellung", "Lieferung", "Service"],
                [
                    "Berührungspunkte",
                    "Website\nBeratung im Laden",
                    "Onlineshop",
                    "Lieferdienst\nAufbau-Service",
                    "Hotline",
                ],
                ["Verantwortlich", "Marketing\nFiliale", "E-Commerce", "Logistik\nMontage", "Kundenservice"],
                ["Gefühle", "neugierig\nzufrieden", "unsicher", "verärgert\nbegeistert", "genervt"],
                [
                    "Schmerzpunkte",
                    "",
                    "Lieferzeit wird erst nach der Bestellung genannt",
                    "Lieferfenster von 8 bis 18 Uhr",
                    "Warteschleife über 20 Minuten",
                ],
                [
                    "Verbesserungsideen",
                    "",
                    "Lieferzeit im Warenkorb zeigen (E-Commerce)",
                    "Zwei-Stunden-Fenster per SMS (Logistik)",
                    "Rückruf-Service (Kundenservice)",
                ],
            ],
            set(),
        ),
    ],
    # Held out: an English flat list from Excel: 1-7 scale, owner in the step's name, a stage repeated
    # further down, a Notes column and a Total row.
    "h10-flat-owners": [
        (
            "Touchpoint inventory",
            [
                [
                    "Journey stage",
                    "Touchpoint",
                    "Where",
                    "Customer emotion (1-7)",
                    "Biggest pain points",
                    "Proposed fix",
                    "Fix owner",
                    "Notes",
                ],
                ["Onboarding", "Welcome pack (Marketing)", "Post", "6", "", "", "", "Printed in-house"],
                [
                    "Onboarding",
                    "Kickoff call (CSM)",
                    "Zoom",
                    "3",
                    "No agenda sent before the call",
                    "Send the agenda 2 days ahead",
                    "CS Ops",
                    "",
                ],
                ["Adoption", "Training webinar (Customer education)", "Webinar", "5", "", "", "", ""],
                [
                    "Adoption",
                    "Health check (CSM)",
                    "Zoom",
                    "2",
                    "Health score is not explained",
                    "Share the health score formula",
                    "CS Ops",
                    "",
                ],
                [
                    "Onboarding",
                    "Data migration (Professional services)",
                    "Project",
                    "1",
                    "Migration slips by weeks",
                    "Fixed migration plan",
                    "Professional services",
                    "Big accounts only",
                ],
                ["Renewal", "Renewal quote (Account manager)", "Email", "4", "", "", "", ""],
                ["Total", "6 touchpoints", "", "", "", "", "", ""],
            ],
            set(),
        ),
    ],
    # Two journey maps in one workbook (one per segment) and a budget sheet between them.
    "t11-two-maps": [
        (
            "SMB",
            [
                ["Stage", "Step", "Channel", "Owner", "Emotion", "Pain point", "Fix"],
                ["Sign up", "Free trial", "Web", "Growth", "1", "", ""],
                [
                    "Sign up",
                    "Upgrade prompt",
                    "In-app",
                    "Growth",
                    "-1",
                    "Prompt appears on day 1",
                    "Prompt after first value (Growth)",
                ],
                ["Use", "Help centre", "Web", "Support", "0", "", ""],
            ],
            set(),
        ),
        (
            "Budget",
            [
                ["Line item", "Owner", "Q1", "Q2", "Total"],
                ["Ads", "Marketing", "10", "12", "22"],
                ["Events", "Marketing", "5", "0", "5"],
            ],
            set(),
        ),
        (
            "Enterprise",
            [
                ["Stage", "Step", "Channel", "Owner", "Emotion", "Pain point", "Fix"],
                [
                    "Evaluate",
                    "Security review",
                    "Email",
                    "Sales engineering",
                    "-2",
                    "Questionnaire has 300 questions",
                    "Publish a trust centre (Security)",
                ],
                ["Evaluate", "Pilot", "In-app", "Solutions", "1", "", ""],
                ["Roll out", "SSO set-up", "Admin console", "Support", "-1", "", ""],
            ],
            set(),
        ),
    ],
    # Held out (second batch): an Excel flat list under a title, with group rows holding only the stage,
    # emoji feelings and labels such as "Interaction", "Who" and "What could be better".
    "h12-flat-group-rows": [
        (
            "Touchpoints",
            [
                ["Customer journey inventory: home internet"],
                ["Prepared by: Service design, October 2026"],
                [],
                ["Stage", "Interaction", "Channel", "Who", "Feeling", "Problems", "What could be better"],
                ["Order"],
                ["", "Availability check", "Website", "Digital sales", "🙂", "", ""],
                [
                    "",
                    "Order confirmation",
                    "Email",
                    "Order management",
                    "😐",
                    "Confirmation lists the wrong speed",
                    "Show the ordered speed (Order management)",
                ],
                ["Installation"],
                [
                    "",
                    "Appointment booking",
                    "Phone",
                    "Field scheduling",
                    "😞",
                    "Only 4-hour slots",
                    "Offer 1-hour slots (Field scheduling)",
                ],
                ["", "Technician visit", "At home", "Field technicians", "😀", "", ""],
                ["First bill"],
                [
                    "",
                    "First invoice",
                    "Post",
                    "Billing",
                    "😡",
                    "First bill charges a full month twice",
                    "Pro-rate the first month (Billing)",
                ],
            ],
            set(),
        ),
    ],
    # Held out (second batch): a French flat list from LibreOffice, stage merged down, words as feelings.
    "h15-flat-fr": [
        (
            "Parcours",
            [
                [
                    "Étape",
                    "Point de contact",
                    "Canal",
                    "Responsable",
                    "Ressenti",
                    "Irritants",
                    "Pistes d'amélioration",
                    "Porteur",
                ],
                [
                    {"text": "Inscription", "down": 2},
                    "Formulaire en ligne",
                    "Site web",
                    "Marketing digital",
                    "Confiant",
                    "",
                    "",
                    "",
                ],
                ["^", "Appel de bienvenue", "Téléphone", "Relation client", "Rassuré", "", "", ""],
                [
                    {"text": "Première commande", "down": 2},
                    "Catalogue",
                    "Application",
                    "Produit",
                    "Perdu",
                    "Trop de catégories",
                    "Recherche par ingrédient",
                    "Produit",
                ],
                [
                    "^",
                    "Livraison",
                    "Transporteur",
                    "Logistique",
                    "Furieux",
                    "Livraison en retard de 2 jours",
                    "Suivi en temps réel",
                    "Logistique",
                ],
            ],
            set(),
        ),
    ],
    # A workbook whose first sheet is a "Read me" with a legend; the grid is on the second sheet.
    "t08-readme-first": [
        (
            "Read me",
            [
                ["How to use this workbook"],
                ["Legend", "Meaning"],
                ["😀", "Delighted"],
                ["😐", "Neutral"],
                ["😡", "Angry"],
                ["Owner", "The team that runs the touchpoint"],
            ],
            set(),
        ),
        (
            "Journey map",
            [
                ["Journey map: field service customers"],
                [],
                ["", "Book", "Visit", "Follow-up"],
                ["Touchpoints", "Phone booking\nOnline booking", "Technician visit", "Satisfaction survey\nInvoice"],
                ["Owner", "Contact centre\nDigital team", "Field operations", "CX team\nFinance"],
                ["Emotions", "😐\n😀", "😀", "😐\n😡"],
                ["Pain points", "Hold times over 10 minutes", "", "Invoice arrives before the job is done"],
                [
                    "Opportunities",
                    "Call-back instead of hold (Contact centre)",
                    "",
                    "Invoice only after sign-off (Finance)",
                ],
            ],
            set(),
        ),
    ],
}


def main() -> None:
    names = sys.argv[1:] or list(WORKBOOKS)
    for name in names:
        path = HERE / f"{name}.fods"
        path.write_text(fods(WORKBOOKS[name]), encoding="utf-8")
        to_xlsx(path)
        print(f"wrote {path.name} and {path.with_suffix('.xlsx').name}")


if __name__ == "__main__":
    main()

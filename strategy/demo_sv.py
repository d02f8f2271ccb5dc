"""Swedish demo content (illustrative): Swedish versions of the texts that seed the demo.

Covers every human-readable string in strategy/demo.py (the demo company's strategy)
and in the DEMO_* constants of workshop/management/commands/seed_demo.py. Like the
English, it is made up for this project: no real company, no survey figures.

TEXTS maps each English string, exactly as the code holds it, to its Swedish version.
Team names, people's names and company names are not translated and are not listed.
The service names match the "name" values in teams/frameworks/pmo-default.sv.json.
"""

TEXTS = {
    # --- teams/career.py: the demo attendee's career plan -------------------------------
    (
        "Lead a portfolio office that the executive team asks first when it decides "
        "what to start, stop or speed up — and grow the people who will run it after me."
    ): (
        "Leda ett portföljkontor som ledningsgruppen frågar först när den bestämmer vad "
        "som ska startas, stoppas eller skyndas på – och utveckla dem som ska leda det efter mig."
    ),
    "Portfolio management certification": "Certifiering i portföljstyrning",
    "Accredited training provider": "Ackrediterad utbildningsanordnare",
    "Finance for non-financial managers": "Ekonomi för chefer utan ekonomibakgrund",
    "Business school": "Handelshögskola",
    "MSc in project and portfolio management": "MSc i projekt- och portföljstyrning",
    "University": "Universitet",
    "Present the first benefits review to the executive team": (
        "Presentera den första nyttouppföljningen för ledningsgruppen"
    ),
    "Coach two PMO analysts into specialist roles": (
        "Coacha två PMO-analytiker till specialistroller"
    ),
    "Apply for a PMO director role": "Söka en roll som PMO-direktör",
    "Demo room": "Demolokalen",
    # --- strategy/demo.py: TARGET_SERVICES (names from the framework's services) ------
    "Project and portfolio reporting": "Projekt- och portföljrapportering",
    "Portfolio prioritisation": "Portföljprioritering",
    "Methods and templates": "Metoder och mallar",
    "Benefits tracking": "Nyttouppföljning",
    "Resource capacity planning": "Kapacitetsplanering av resurser",
    "Training and coaching": "Utbildning och coachning",
    # --- strategy/demo.py: SUMMARY, MISSION, PRINCIPLES, SERVICES_NOTE ----------------
    (
        "Illustrative demo strategy. Over three years the PMO moves from reporting on "
        "projects to helping the executive team choose and follow its investments. First a "
        "portfolio board with one view of all investments; then benefits owners for every "
        "project and a career ladder for PMO staff; finally capacity planning across the "
        "portfolio."
    ): (
        "Illustrativ exempelstrategi för demon. Under tre år går PMO:t från att rapportera om "
        "projekt till att hjälpa ledningsgruppen att välja och följa upp sina investeringar. "
        "Först en portföljstyrgrupp med en samlad bild av alla investeringar; sedan nyttoägare "
        "för varje projekt och en karriärstege för PMO-personalen; till sist kapacitetsplanering "
        "för hela portföljen."
    ),
    (
        "We help the group invest in the right change and see it through: one portfolio "
        "view, clear decisions, benefits that are followed up."
    ): (
        "Vi hjälper koncernen att investera i rätt förändringar och fullfölja dem: en gemensam "
        "portföljvy, tydliga beslut och nytta som följs upp."
    ),
    (
        "Decisions first: we report what a decision needs, nothing more.\n"
        "One portfolio view, shared by finance, business and IT.\n"
        "Benefits have an owner before money is spent.\n"
        "We grow project professionals, not only processes."
    ): (
        "Besluten först: vi rapporterar det som ett beslut behöver, inget mer.\n"
        "En enda portföljvy, som delas av ekonomi, verksamhet och IT.\n"
        "Nyttan har en ägare innan pengar spenderas.\n"
        "Vi utvecklar projektproffs, inte bara processer."
    ),
    (
        "Reporting and prioritisation stay and move up to the executive team. Benefits "
        "tracking starts in 2028 with the benefits owners; capacity planning follows once "
        "the portfolio board works."
    ): (
        "Rapportering och prioritering finns kvar och flyttas upp till ledningsgruppen. "
        "Nyttouppföljningen startar 2028 tillsammans med nyttoägarna; kapacitetsplaneringen "
        "följer när portföljstyrgruppen fungerar."
    ),
    # --- strategy/demo.py: INITIATIVES (title, description, owner) ---------------------
    "Portfolio board and one investment view": "Portföljstyrgrupp och en gemensam investeringsvy",
    (
        "A monthly portfolio board chaired by the CFO decides on every "
        "investment above the threshold, from one shared list."
    ): (
        "En portföljstyrgrupp med CFO:n som ordförande möts varje månad och beslutar om "
        "varje investering över beloppsgränsen, utifrån en gemensam lista."
    ),
    "CFO and head of PMO": "CFO och PMO-chef",
    "Benefits owners for every project": "Nyttoägare för varje projekt",
    (
        "Each project names a benefits owner in the business; benefits are "
        "followed up for a year after closing."
    ): (
        "Varje projekt utser en nyttoägare i verksamheten; nyttan följs upp "
        "i ett år efter att projektet har avslutats."
    ),
    "Head of PMO": "PMO-chef",
    "PMO career ladder and competence programme": "Karriärstege och kompetensprogram för PMO",
    (
        "Roles from PMO analyst to PMO director, with the competences and "
        "the education steps for each."
    ): (
        "Roller från PMO-analytiker till PMO-direktör, med kompetenserna och "
        "utbildningsstegen för varje roll."
    ),
    "HR business partner": "HR-affärspartner",
    "Capacity and demand planning across the portfolio": (
        "Kapacitets- och behovsplanering för hela portföljen"
    ),
    (
        "One rolling plan of people and money for all investments, "
        "reviewed by the portfolio board every quarter."
    ): (
        "En rullande plan för personal och pengar för alla investeringar, "
        "som portföljstyrgruppen går igenom varje kvartal."
    ),
    "Portfolio manager": "Portföljansvarig",
    # --- strategy/demo.py: GOALS (title, description) ----------------------------------
    "Investment decisions use one portfolio view": (
        "Investeringsbeslut utgår från en gemensam portföljvy"
    ),
    "Every investment above the threshold is decided in the portfolio board.": (
        "Varje investering över beloppsgränsen beslutas i portföljstyrgruppen."
    ),
    "Projects deliver the benefits they promised": "Projekten levererar den nytta de har utlovat",
    "Benefits are owned, measured and reported after projects close.": (
        "Nyttan har en ägare, mäts och rapporteras efter att projekten har avslutats."
    ),
    # --- strategy/demo.py: KPIS (names) ------------------------------------------------
    "Investment decisions taken in the portfolio board": (
        "Investeringsbeslut som fattas i portföljstyrgruppen"
    ),
    "Projects with a named benefits owner": "Projekt med en namngiven nyttoägare",
    "PMO staff with a development plan": "PMO-personal med en utvecklingsplan",
    "Accuracy of the quarterly capacity forecast": (
        "Träffsäkerhet i den kvartalsvisa kapacitetsprognosen"
    ),
    # --- seed_demo.py: DEMO_TITLE ------------------------------------------------------
    "PMO as a Profession — Vision & Strategy (demo)": (
        "PMO som profession – vision och strategi (demo)"
    ),
    # --- seed_demo.py: DEMO_TEAMS notes ------------------------------------------------
    (
        "Illustrative notes (demo content).\n"
        "- Career paths for PMO staff are unclear in most of our organisations.\n"
        "- Idea: a shared competence ladder from PMO analyst to PMO director."
    ): (
        "Illustrativa anteckningar (demoinnehåll).\n"
        "- Karriärvägarna för PMO-personal är otydliga i de flesta av våra organisationer.\n"
        "- Idé: en gemensam kompetensstege från PMO-analytiker till PMO-direktör."
    ),
    (
        "Illustrative notes (demo content).\n"
        "- Enabler: a professional community that meets regularly."
    ): (
        "Illustrativa anteckningar (demoinnehåll).\n"
        "- Möjliggörare: en professionell gemenskap som träffas regelbundet."
    ),
    # --- seed_demo.py: DEMO_COMPANIES baseline fields ----------------------------------
    "5 people, 2 of them part time": "5 personer, varav 2 på deltid",
    "CFO": "CFO",
    "Monthly portfolio report everyone reads.": "En månatlig portföljrapport som alla läser.",
    "Too many projects started, too few finished.": "För många projekt startas, för få avslutas.",
    # --- seed_demo.py: DEMO_VISION, DEMO_SUCCESS ---------------------------------------
    (
        "By 2029 our PMO is the strategy-execution office of the group: it helps the "
        "executive team choose fewer, better investments and shows every month what they deliver."
    ): (
        "År 2029 är vårt PMO koncernens kontor för strategigenomförande: det hjälper "
        "ledningsgruppen att välja färre och bättre investeringar och visar varje månad vad de ger."
    ),
    (
        "Every investment decision uses one portfolio view.\n"
        "Benefits are tracked after projects close.\n"
        "Project managers have a career path up to PMO director."
    ): (
        "Varje investeringsbeslut utgår från en gemensam portföljvy.\n"
        "Nyttan följs upp efter att projekten har avslutats.\n"
        "Projektledare har en karriärväg upp till PMO-direktör."
    ),
}

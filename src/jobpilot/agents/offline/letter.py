"""The offline cover letter writer: a letter built on sentences from the candidate's resume.

The letter's evidence points are resume sentences quoted as written, chosen for the job's
skills the resume shows (must-haves first, each point adding a skill not yet covered). The
wording around them comes from templates per language (en, de, fr, es) and tone (formal,
warm, direct). It names only the target company and role and the candidate's own employers,
titles, projects and skills; years appear only where the resume dates a skill.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from jobpilot.agents.documents import AgentInputs, CoverLetter, LetterLength, Tone
from jobpilot.agents.offline.brief import and_list, company_unnamed, names_term, sentences_of
from jobpilot.agents.offline.tailor import (
    FocusSkill,
    focus_skills,
    mentions,
    recency_key,
    role_lines,
)
from jobpilot.profiles.resume import Experience, ParsedResume

MIN_EVIDENCE = 3
EVIDENCE_POINTS: dict[LetterLength, int] = {"short": 3, "medium": 4, "long": 7}
# The first evidence paragraph holds this many points; the rest go into a second one.
POINTS_PER_PARAGRAPH = 3
SKILLS_NAMED = 3
SKILLS_WITH_YEARS = 5
CAREER_ROLES = 3


@dataclass(frozen=True, slots=True)
class LanguageWording:
    """The parts of a letter that depend on its language only."""

    recipient: str
    recipient_unnamed: str
    greeting_unnamed: str
    # Stands in for an unnamed employer inside sentences ("at your company").
    unnamed_company: str
    subject: str
    current_role: str
    last_role: str
    asks_for: str
    asks_for_one: str
    at_company: str
    in_project: str
    point_separator: str
    career: str
    role_at: str
    since: str
    certifications: str
    year: str
    years: str
    conjunction: str


@dataclass(frozen=True, slots=True)
class ToneWording:
    """The parts of a letter that change with its tone."""

    greeting: str
    opener: str
    about: str
    evidence_intro: str
    more_evidence_intro: str
    skills: str
    motivation: str
    closing_paragraph: str
    closing: str


@dataclass(frozen=True, slots=True)
class EvidencePoint:
    """One resume sentence the letter rests on, with where it comes from."""

    sentence: str
    company: str | None = None
    project: str | None = None
    # Where the sentence stands in the resume (most recent role first), for reading order.
    position: int = 0


LANGUAGES: dict[str, LanguageWording] = {
    "en": LanguageWording(
        recipient="Hiring team, {company}",
        recipient_unnamed="Hiring team",
        greeting_unnamed="Dear Hiring Team,",
        unnamed_company="your company",
        subject="Application for {title}",
        current_role="I currently work as {title} at {company}.",
        last_role="Most recently, I worked as {title} at {company}.",
        asks_for="Your posting asks for {skills}, and my resume shows experience with each "
        "of them.",
        asks_for_one="Your posting asks for {skills}, and my resume shows experience with it.",
        at_company="At {company}",
        in_project="In my project {name}",
        point_separator=": ",
        career="My path so far: {roles}.",
        role_at="{title} at {company}",
        since="since {year}",
        certifications="Certifications that back this up: {certifications}.",
        year="year",
        years="years",
        conjunction="and",
    ),
    "de": LanguageWording(
        recipient="Personalabteilung, {company}",
        recipient_unnamed="Personalabteilung",
        greeting_unnamed="Sehr geehrte Damen und Herren,",
        unnamed_company="Ihrem Unternehmen",
        subject="Bewerbung als {title}",
        current_role="Derzeit arbeite ich als {title} bei {company}.",
        last_role="Zuletzt war ich als {title} bei {company} tätig.",
        asks_for="Sie suchen Erfahrung mit {skills}, und mein Lebenslauf belegt Erfahrung "
        "mit jedem dieser Punkte.",
        asks_for_one="Sie suchen Erfahrung mit {skills}, und mein Lebenslauf belegt sie.",
        at_company="Bei {company}",
        in_project="In meinem Projekt {name}",
        point_separator=": ",
        career="Mein bisheriger Weg: {roles}.",
        role_at="{title} bei {company}",
        since="seit {year}",
        certifications="Zertifizierungen, die das belegen: {certifications}.",
        year="Jahr",
        years="Jahre",
        conjunction="und",
    ),
    "fr": LanguageWording(
        recipient="Équipe de recrutement, {company}",
        recipient_unnamed="Équipe de recrutement",
        greeting_unnamed="Madame, Monsieur,",
        unnamed_company="votre entreprise",
        subject="Candidature au poste de {title}",
        current_role="J'occupe actuellement le poste de {title} chez {company}.",
        last_role="Mon dernier poste était celui de {title} chez {company}.",
        asks_for="Votre annonce demande {skills} ; mon CV montre une expérience dans chacun "
        "de ces domaines.",
        asks_for_one="Votre annonce demande {skills} ; mon CV montre une expérience dans ce "
        "domaine.",
        at_company="Chez {company}",
        in_project="Dans mon projet {name}",
        point_separator=" : ",
        career="Mon parcours : {roles}.",
        role_at="{title} chez {company}",
        since="depuis {year}",
        certifications="Certifications à l'appui : {certifications}.",
        year="an",
        years="ans",
        conjunction="et",
    ),
    "es": LanguageWording(
        recipient="Equipo de selección, {company}",
        recipient_unnamed="Equipo de selección",
        greeting_unnamed="Estimado equipo de selección:",
        unnamed_company="su empresa",
        subject="Candidatura al puesto de {title}",
        current_role="Actualmente trabajo como {title} en {company}.",
        last_role="Mi último puesto fue el de {title} en {company}.",
        asks_for="Su oferta pide experiencia con {skills}, y mi currículum la demuestra en "
        "cada caso.",
        asks_for_one="Su oferta pide experiencia con {skills}, y mi currículum la demuestra.",
        at_company="En {company}",
        in_project="En mi proyecto {name}",
        point_separator=": ",
        career="Mi trayectoria: {roles}.",
        role_at="{title} en {company}",
        since="desde {year}",
        certifications="Certificaciones que lo respaldan: {certifications}.",
        year="año",
        years="años",
        conjunction="y",
    ),
}

TONES: dict[tuple[str, Tone], ToneWording] = {
    ("en", "formal"): ToneWording(
        greeting="Dear {company} Hiring Team,",
        opener="I am writing to apply for the position of {title} at {company}.",
        about="A brief summary of my profile: {summary}",
        evidence_intro="The following examples from my professional experience correspond "
        "to the requirements of the position.",
        more_evidence_intro="My experience further includes the following.",
        skills="My experience with the technologies named in your posting comprises {skills}.",
        motivation="I would value the opportunity to contribute to {company} as {title} "
        "and to develop the role further together with your team.",
        closing_paragraph="I would welcome the opportunity to discuss my application with "
        "you in an interview. Thank you for your consideration.",
        closing="Yours sincerely,",
    ),
    ("en", "warm"): ToneWording(
        greeting="Hello {company} team,",
        opener="I was delighted to see that {company} is hiring for the {title} role, and I "
        "would love to bring my experience to your team.",
        about="A little about me: {summary}",
        evidence_intro="Here are a few things I have worked on that I think you will find "
        "relevant.",
        more_evidence_intro="A few more examples that fit what you describe.",
        skills="Across my roles I have worked with {skills}, all part of what you are looking for.",
        motivation="What draws me to this role is the chance to put this experience to work "
        "at {company} and to keep learning alongside your team.",
        closing_paragraph="I would love to talk about how I could help your team. Thank you "
        "for reading, and I hope to hear from you soon.",
        closing="Warm regards,",
    ),
    ("en", "direct"): ToneWording(
        greeting="To the {company} hiring team,",
        opener="I am applying for the {title} role at {company}. Here is the short version of why.",
        about="In short: {summary}",
        evidence_intro="Relevant results from my resume.",
        more_evidence_intro="More relevant work.",
        skills="Years with the tools you list: {skills}.",
        motivation="I want to do this work at {company}, and I would like to hear what your team "
        "needs most.",
        closing_paragraph="I am available for an interview whenever suits you. Let's talk.",
        closing="Best regards,",
    ),
    ("de", "formal"): ToneWording(
        greeting="Sehr geehrte Damen und Herren,",
        opener="hiermit bewerbe ich mich um die Position {title} bei {company}.",
        about="Kurz zu meinem Profil: {summary}",
        evidence_intro="Die folgenden Beispiele aus meiner Berufserfahrung entsprechen den "
        "Anforderungen der Stelle.",
        more_evidence_intro="Darüber hinaus umfasst meine Erfahrung Folgendes.",
        skills="Meine Erfahrung mit den in Ihrer Ausschreibung genannten Technologien "
        "umfasst {skills}.",
        motivation="Gern würde ich als {title} zum Erfolg von {company} beitragen und die "
        "Rolle gemeinsam mit Ihrem Team weiterentwickeln.",
        closing_paragraph="Über die Gelegenheit zu einem persönlichen Gespräch freue ich "
        "mich sehr. Vielen Dank, dass Sie sich Zeit für meine Bewerbung nehmen.",
        closing="Mit freundlichen Grüßen",
    ),
    ("de", "warm"): ToneWording(
        greeting="Liebes Team von {company},",
        opener="mit großer Freude habe ich Ihre Ausschreibung für die Position {title} bei "
        "{company} gesehen, und ich würde meine Erfahrung sehr gern in Ihr Team einbringen.",
        about="Ein paar Worte zu mir: {summary}",
        evidence_intro="Hier sind einige Dinge, an denen ich gearbeitet habe und die für Sie "
        "interessant sein dürften.",
        more_evidence_intro="Noch ein paar Beispiele, die zu Ihrer Beschreibung passen.",
        skills="In meinen bisherigen Rollen habe ich mit {skills} gearbeitet, also mit "
        "genau dem, was Sie suchen.",
        motivation="Mich reizt an dieser Stelle die Chance, diese Erfahrung bei {company} "
        "einzubringen und im Team weiter dazuzulernen.",
        closing_paragraph="Ich würde mich sehr freuen, Sie kennenzulernen und zu erzählen, "
        "wie ich Ihr Team unterstützen kann. Danke fürs Lesen!",
        closing="Herzliche Grüße",
    ),
    ("de", "direct"): ToneWording(
        greeting="Guten Tag,",
        opener="ich bewerbe mich als {title} bei {company}. Hier das Wichtigste in Kürze.",
        about="Kurz gesagt: {summary}",
        evidence_intro="Relevante Ergebnisse aus meinem Lebenslauf.",
        more_evidence_intro="Weitere relevante Arbeit.",
        skills="Jahre mit den Technologien aus Ihrer Ausschreibung: {skills}.",
        motivation="Ich möchte diese Arbeit bei {company} machen und würde gern hören, was Ihr "
        "Team am dringendsten braucht.",
        closing_paragraph="Für ein Gespräch stehe ich jederzeit zur Verfügung. Ich freue "
        "mich auf Ihre Rückmeldung.",
        closing="Viele Grüße",
    ),
    ("fr", "formal"): ToneWording(
        greeting="Madame, Monsieur,",
        opener="Je me permets de vous adresser ma candidature au poste de {title} au sein "
        "de {company}.",
        about="En bref, mon profil : {summary}",
        evidence_intro="Les exemples suivants, tirés de mon parcours professionnel, "
        "répondent aux exigences du poste.",
        more_evidence_intro="Mon expérience comprend également les éléments suivants.",
        skills="Mon expérience des technologies citées dans votre annonce comprend {skills}.",
        motivation="Contribuer au développement de {company} en tant que {title}, aux côtés "
        "de votre équipe, serait pour moi une belle opportunité.",
        closing_paragraph="Je me tiens à votre disposition pour un entretien. Je vous "
        "remercie de l'attention portée à ma candidature.",
        closing="Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations "
        "distinguées.",
    ),
    ("fr", "warm"): ToneWording(
        greeting="Bonjour à toute l'équipe de {company},",
        opener="J'ai découvert avec enthousiasme que {company} recrute pour le poste de "
        "{title}, et j'aimerais beaucoup mettre mon expérience au service de votre équipe.",
        about="Quelques mots sur moi : {summary}",
        evidence_intro="Voici quelques réalisations qui devraient vous intéresser.",
        more_evidence_intro="Quelques autres exemples qui correspondent à ce que vous décrivez.",
        skills="Au fil de mes postes, j'ai travaillé avec {skills}, au cœur de ce que vous "
        "recherchez.",
        motivation="Ce qui m'attire dans ce poste, c'est la possibilité de mettre cette "
        "expérience au service de {company} et de continuer à apprendre avec votre équipe.",
        closing_paragraph="J'aurais grand plaisir à échanger avec vous sur la manière dont "
        "je pourrais aider votre équipe. Merci pour votre lecture, et à bientôt j'espère.",
        closing="Bien cordialement,",
    ),
    ("fr", "direct"): ToneWording(
        greeting="Bonjour,",
        opener="Je postule au poste de {title} chez {company}. Voici l'essentiel.",
        about="En résumé : {summary}",
        evidence_intro="Réalisations pertinentes tirées de mon CV.",
        more_evidence_intro="Autres réalisations pertinentes.",
        skills="Années de pratique des technologies de votre annonce : {skills}.",
        motivation="Je veux faire ce travail chez {company}, et j'aimerais savoir ce dont votre "
        "équipe a le plus besoin.",
        closing_paragraph="Je suis disponible pour un entretien quand vous le souhaitez. "
        "Parlons-en.",
        closing="Cordialement,",
    ),
    ("es", "formal"): ToneWording(
        greeting="Estimado equipo de selección de {company}:",
        opener="Me dirijo a ustedes para presentar mi candidatura al puesto de {title} en "
        "{company}.",
        about="Un breve resumen de mi perfil: {summary}",
        evidence_intro="Los siguientes ejemplos de mi trayectoria profesional responden a "
        "los requisitos del puesto.",
        more_evidence_intro="Mi experiencia incluye además lo siguiente.",
        skills="Mi experiencia con las tecnologías mencionadas en su oferta abarca {skills}.",
        motivation="Sería para mí una excelente oportunidad contribuir al desarrollo de "
        "{company} como {title} junto a su equipo.",
        closing_paragraph="Quedo a su disposición para una entrevista. Les agradezco de "
        "antemano su atención.",
        closing="Atentamente,",
    ),
    ("es", "warm"): ToneWording(
        greeting="Hola, equipo de {company}:",
        opener="Me alegró mucho ver que {company} busca a alguien para el puesto de "
        "{title}, y me encantaría aportar mi experiencia a su equipo.",
        about="Un poco sobre mí: {summary}",
        evidence_intro="Estas son algunas cosas en las que he trabajado y que, en mi "
        "opinión, les resultarán interesantes.",
        more_evidence_intro="Algunos ejemplos más que encajan con lo que describen.",
        skills="A lo largo de mis puestos he trabajado con {skills}, justo lo que buscan.",
        motivation="Lo que más me atrae de este puesto es la oportunidad de poner esta "
        "experiencia al servicio de {company} y seguir aprendiendo con su equipo.",
        closing_paragraph="Me encantaría conversar sobre cómo podría ayudar a su equipo. "
        "Gracias por su tiempo, y espero tener noticias suyas pronto.",
        closing="Un cordial saludo,",
    ),
    ("es", "direct"): ToneWording(
        greeting="Hola:",
        opener="Me postulo al puesto de {title} en {company}. Lo esencial, en pocas líneas.",
        about="En resumen: {summary}",
        evidence_intro="Resultados relevantes de mi currículum.",
        more_evidence_intro="Otros trabajos relevantes.",
        skills="Años de experiencia con las tecnologías de su oferta: {skills}.",
        motivation="Quiero hacer este trabajo en {company}, y me gustaría saber qué necesita más "
        "su equipo.",
        closing_paragraph="Estoy disponible para una entrevista cuando les convenga. Hablemos.",
        closing="Saludos,",
    ),
}


def letter_language(code: str) -> str:
    """The template language for an ISO 639-1 code ("de", "de-AT"); unknown codes give en."""
    base = code.strip().lower().replace("_", "-").split("-", 1)[0]
    return base if base in LANGUAGES else "en"


def write_letter(inputs: AgentInputs) -> CoverLetter:
    """A cover letter for ``inputs.job`` grounded in sentences of ``inputs.resume``, in the
    tone, length and language of ``inputs.letter``.

    short: opening, three evidence points, closing. medium: adds the resume's summary (the
    tailored one when ``inputs.tailored`` is given), a fourth point and a motivation
    paragraph. long: up to seven points, the career path, the matched skills with the years
    the resume shows and the certifications that name them.
    """
    options = inputs.letter
    language = letter_language(options.language)
    words = LANGUAGES[language]
    tone = TONES[(language, options.tone)]
    job = inputs.job
    resume = inputs.resume
    skills = focus_skills(inputs)
    job_terms = [t for s in job.skills for t in (s.terms or [s.label])]
    points = evidence_points(
        resume, skills, job_terms=job_terms, count=EVIDENCE_POINTS[options.length]
    )
    first = sorted(points[:POINTS_PER_PARAGRAPH], key=lambda p: p.position)
    rest = sorted(points[POINTS_PER_PARAGRAPH:], key=lambda p: p.position)
    named = not company_unnamed(job.company)
    company = job.company.strip() if named else words.unnamed_company
    fill = {"company": company, "title": job.title.strip()}
    summary = inputs.tailored.summary if inputs.tailored is not None else resume.summary
    paragraphs = [opening(resume, skills, words, tone, fill)]
    if options.length != "short" and summary:
        paragraphs.append(tone.about.format(summary=summary.strip()))
    if first:
        paragraphs.append(evidence_paragraph(tone.evidence_intro, first, words))
    if rest:
        paragraphs.append(evidence_paragraph(tone.more_evidence_intro, rest, words))
    if options.length == "long":
        paragraphs.extend(background_paragraphs(resume, skills, words, tone))
    if options.length != "short":
        paragraphs.append(tone.motivation.format(**fill))
    paragraphs.append(tone.closing_paragraph)
    return CoverLetter(
        recipient=words.recipient.format(**fill) if named else words.recipient_unnamed,
        subject=words.subject.format(**fill),
        greeting=tone.greeting.format(**fill) if named else words.greeting_unnamed,
        paragraphs=paragraphs,
        closing=tone.closing,
        signature=resume.contact.name or "",
        language=language,
        tone=options.tone,
        evidence=[point.sentence for point in (*first, *rest)],
    )


def opening(
    resume: ParsedResume,
    skills: Sequence[FocusSkill],
    words: LanguageWording,
    tone: ToneWording,
    fill: dict[str, str],
) -> str:
    """The first paragraph: the application, the current (or last) role, and the job's
    skills the resume shows."""
    sentences = [tone.opener.format(**fill)]
    latest = latest_role(resume)
    if latest is not None and latest.title and latest.company:
        template = words.current_role if latest.current else words.last_role
        sentences.append(template.format(title=latest.title, company=latest.company))
    names = [skill.name for skill in skills[:SKILLS_NAMED]]
    if names:
        template = words.asks_for if len(names) > 1 else words.asks_for_one
        sentences.append(template.format(skills=and_list(names, words.conjunction)))
    return " ".join(sentences)


def background_paragraphs(
    resume: ParsedResume,
    skills: Sequence[FocusSkill],
    words: LanguageWording,
    tone: ToneWording,
) -> list[str]:
    """The long letter's extra paragraphs: career path, skills with years, certifications."""
    paragraphs: list[str] = []
    roles = career_roles(resume, words)
    if roles:
        paragraphs.append(words.career.format(roles=and_list(roles, words.conjunction)))
    if skills:
        items = [_skill_years(skill, words) for skill in skills[:SKILLS_WITH_YEARS]]
        paragraphs.append(tone.skills.format(skills=and_list(items, words.conjunction)))
    certifications = [
        _certification(c.name, c.issuer, c.date)
        for c in resume.certifications
        if any(mentions(c.name, skill) for skill in skills)
    ]
    if certifications:
        joined = and_list(certifications, words.conjunction)
        paragraphs.append(words.certifications.format(certifications=joined))
    return paragraphs


def _certification(name: str, issuer: str | None, date: str | None) -> str:
    detail = ", ".join(part for part in (issuer, date) if part)
    return f"{name} ({detail})" if detail else name


def _skill_years(skill: FocusSkill, words: LanguageWording) -> str:
    years = math.floor(skill.years) if skill.years is not None else 0
    if years < 1:
        return skill.name
    return f"{skill.name} ({years} {words.year if years == 1 else words.years})"


def latest_role(resume: ParsedResume) -> Experience | None:
    """The most recent role, the first written when several are equally recent."""
    if not resume.experience:
        return None
    ranked = sorted(
        range(len(resume.experience)),
        key=lambda i: recency_key(resume.experience[i]),
        reverse=True,
    )
    return resume.experience[ranked[0]]


def career_roles(resume: ParsedResume, words: LanguageWording) -> list[str]:
    """The most recent roles that name a title and a company, as "Title at Company (years)"."""
    ranked = sorted(
        range(len(resume.experience)),
        key=lambda i: recency_key(resume.experience[i]),
        reverse=True,
    )
    roles: list[str] = []
    for i in ranked:
        entry = resume.experience[i]
        if not (entry.title and entry.company):
            continue
        text = words.role_at.format(title=entry.title, company=entry.company)
        years = _years_span(entry, words)
        roles.append(f"{text} ({years})" if years else text)
        if len(roles) == CAREER_ROLES:
            break
    return roles


def _years_span(entry: Experience, words: LanguageWording) -> str | None:
    start = (entry.start or "")[:4]
    end = (entry.end or "")[:4]
    if entry.current and start:
        return words.since.format(year=start)
    if start and end and start != end:
        return f"{start}\u2013{end}"
    return start or end or None


def evidence_paragraph(intro: str, points: Sequence[EvidencePoint], words: LanguageWording) -> str:
    """``intro`` followed by the points, each run of points from the same role or project
    led once by where they happened ("At Parcelwise: …")."""
    parts = [intro]
    previous: tuple[str | None, str | None] | None = None
    for point in points:
        source = (point.company, point.project)
        sentence = with_full_stop(point.sentence)
        parts.append(sentence if source == previous else render_point(point, words))
        previous = source
    return " ".join(parts)


def with_full_stop(sentence: str) -> str:
    """``sentence`` ending in a full stop (or its own ! or ?)."""
    return sentence if sentence[-1:] in (".", "!", "?") else f"{sentence}."


def render_point(point: EvidencePoint, words: LanguageWording) -> str:
    """An evidence point as a sentence of the letter: where it happened, then the resume's
    sentence as written (a full stop added if it has none)."""
    sentence = with_full_stop(point.sentence)
    if point.company:
        lead = words.at_company.format(company=point.company)
    elif point.project:
        lead = words.in_project.format(name=point.project)
    else:
        return sentence
    return f"{lead}{words.point_separator}{sentence}"


@dataclass(frozen=True, slots=True)
class _Candidate:
    point: EvidencePoint
    skills: frozenset[str]
    weight: int
    job_hits: int
    rank: int


def evidence_points(
    resume: ParsedResume,
    skills: Sequence[FocusSkill],
    *,
    job_terms: Sequence[str],
    count: int,
) -> list[EvidencePoint]:
    """Up to ``count`` sentences from the resume's roles and projects that best show the
    job's skills.

    Each pick adds the most weight of skills not yet covered (must-haves weigh more), then
    the most weight overall, then the most job terms named, then the most recent role.
    When fewer than ``MIN_EVIDENCE`` sentences show any of it, the most recent roles' other
    sentences fill up to ``MIN_EVIDENCE``: still the resume's own words, never invented.
    """
    candidates = _candidates(resume, skills, job_terms)
    chosen: list[_Candidate] = []
    covered: set[str] = set()
    weights = {skill.concept_id: skill.weight for skill in skills}
    pool = [c for c in candidates if c.weight > 0 or c.job_hits > 0]
    while pool and len(chosen) < count:
        best = max(
            pool,
            key=lambda c: (
                sum(weights[s] for s in c.skills - covered),
                c.weight,
                c.job_hits,
                -c.rank,
            ),
        )
        chosen.append(best)
        covered |= best.skills
        pool.remove(best)
    if len(chosen) < MIN_EVIDENCE:
        spare = [c for c in candidates if c not in chosen]
        chosen.extend(spare[: MIN_EVIDENCE - len(chosen)])
    return [c.point for c in chosen]


def _candidates(
    resume: ParsedResume, skills: Sequence[FocusSkill], job_terms: Sequence[str]
) -> list[_Candidate]:
    points: list[EvidencePoint] = []
    ranked = sorted(
        range(len(resume.experience)),
        key=lambda i: recency_key(resume.experience[i]),
        reverse=True,
    )
    for i in ranked:
        entry = resume.experience[i]
        for line in role_lines(entry):
            points.extend(
                EvidencePoint(sentence=s, company=entry.company) for s in sentences_of(line)
            )
    for project in resume.projects:
        lines = [project.description or "", *project.bullets]
        for line in lines:
            points.extend(
                EvidencePoint(sentence=s, project=project.name) for s in sentences_of(line.strip())
            )
    candidates: list[_Candidate] = []
    seen: set[str] = set()
    for rank, found in enumerate(points):
        if found.sentence in seen:
            continue
        seen.add(found.sentence)
        point = EvidencePoint(found.sentence, found.company, found.project, position=rank)
        shown = [skill for skill in skills if mentions(point.sentence, skill)]
        candidates.append(
            _Candidate(
                point=point,
                skills=frozenset(skill.concept_id for skill in shown),
                weight=sum(skill.weight for skill in shown),
                job_hits=sum(1 for term in job_terms if names_term(point.sentence, term)),
                rank=rank,
            )
        )
    return candidates

from __future__ import annotations

import pytest

from jobpilot.jobs.language import detect_language

SAMPLES = {
    "en": "We are looking for a senior engineer to join our team. You will work with the "
    "product team on our platform and help us grow.",
    "de": "Wir suchen eine erfahrene Entwicklerin f\u00fcr unser Team. Du arbeitest mit dem "
    "Produktteam an unserer Plattform und hast Erfahrung mit Python.",
    "fr": "Nous recherchons un d\u00e9veloppeur pour rejoindre notre \u00e9quipe. Vous "
    "travaillerez avec les \u00e9quipes produit sur notre plateforme.",
    "es": "Buscamos un desarrollador para unirse a nuestro equipo. Trabajar\u00e1s con el "
    "equipo de producto en nuestra plataforma y tendr\u00e1s experiencia.",
    "pt": "Estamos procurando uma pessoa desenvolvedora para a nossa equipe. Voc\u00ea vai "
    "trabalhar com o time de produto na nossa plataforma.",
    "it": "Cerchiamo uno sviluppatore per il nostro team. Lavorerai con il team di prodotto "
    "sulla nostra piattaforma e avrai esperienza.",
    "nl": "Wij zoeken een ontwikkelaar voor ons team. Je werkt met het productteam aan ons "
    "platform en je hebt ervaring met Python.",
    "sv": "Vi s\u00f6ker en utvecklare till v\u00e5rt team. Du kommer att arbeta med "
    "produktteamet p\u00e5 v\u00e5r plattform och har erfarenhet av Python.",
    "da": "Vi s\u00f8ger en udvikler til vores team. Du kommer til at arbejde med "
    "produktteamet p\u00e5 vores platform, og du har erfaring med Python.",
    "no": "Vi s\u00f8ker en utvikler til v\u00e5rt team. Du vil jobbe med produktteamet "
    "p\u00e5 v\u00e5r plattform, og du har erfaring med Python og \u00f8nsker \u00e5 "
    "l\u00e6re.",
    "pl": "Szukamy programisty do naszego zespo\u0142u. B\u0119dziesz pracowa\u0107 z "
    "zespo\u0142em produktowym nad nasz\u0105 platform\u0105 i masz do\u015bwiadczenie.",
}


@pytest.mark.parametrize(("language", "text"), SAMPLES.items())
def test_detects_language(language, text):
    assert detect_language(text) == language


@pytest.mark.parametrize(
    "text", ["", "Senior Engineer", "Python Django AWS Kubernetes Terraform Go Rust", "12345"]
)
def test_too_short_or_unclear_gives_none(text):
    assert detect_language(text) is None

"""Render the first page of a Russian and an English request PDF to PNG (docs/draft-request-ru.png, -en.png).

Usage: ``python docs/draft_pages.py``. The draft is the complete request of ``tests/drafting_scenarios.py``
(with an urgent request sent by e-mail the day before), exported through ``drafting.api.export`` and
rendered with pypdfium2 (the dev extra).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from assistant.drafting import api  # noqa: E402
from tests.drafting_scenarios import ANSWERS, fill, settings_for  # noqa: E402

RUSSIAN = {  # the officer's own text in Russian for the Russian document (fixed phrases come from the app)
    "requesting_authority": "Министерство внутренних дел Республики Казахстан",
    "requested_authority": "Следственный комитет Республики Беларусь",
    "investigating_body": "Следственное управление Департамента полиции г. Алматы",
    "offence_provision": "часть 2 статьи 205 Уголовного кодекса Республики Казахстан",
    "merits": "10 ноября 2026 г. неустановленные лица получили неправомерный доступ к серверам АО «Альфа Банк» "
              "в г. Алматы и перевели 12 млн тенге на счета за рубежом.",
    "purpose": "Установление лиц, использовавших IP-адрес, и привлечение их к уголовной ответственности.",
    "assistance": "Предоставить сведения об абоненте и журналы соединений IP-адреса 203.0.113.5:443, "
                  "использованного 10.11.2026 в 14:32:05 UTC+5, а также учётной записи fraud@mail.example.ru.",
    "other_info": "IP-адрес входит в диапазон провайдера BelNet.",
    "attachments": "Копия постановления о возбуждении уголовного дела (2 листа); Заявление АО «Альфа Банк» "
                   "(3 листа)",
    "urgent": "да, направили по электронной почте вчера вечером",
    "urgency_reason": "Провайдер хранит журналы соединений только 30 дней.",
    "urgent_channel_detail": "на cyber@ic.example.by, 28.11.2026 19:05, сообщение № 77/2",
    "confidential": "да, подозреваемые не должны узнать о расследовании",
    "contact_officer": "майор А. Петров, +7 701 000 00 00, petrov@mvd.example.kz",
    "signatory_name": "А. Б. Иванов",
    "signatory_position": "Заместитель министра внутренних дел",
}


def main() -> int:
    import pypdfium2 as pdfium

    answers = {**ANSWERS, "urgent": "yes, we emailed it yesterday evening",
               "urgency_reason": "The provider keeps connection logs for 30 days only.",
               "urgent_channel_detail": "to cyber@ic.example.by, 28.11.2026 19:05, message 77/2"}
    with tempfile.TemporaryDirectory() as folder:
        settings = settings_for(Path(folder))
        for lang, given in (("ru", {**answers, **RUSSIAN}), ("en", answers)):
            draft_id = fill(settings, given)[-1]["draft_id"]
            pdf = pdfium.PdfDocument(api.export(settings, draft_id, "pdf", "request", lang))
            out = HERE / f"draft-request-{lang}.png"
            pdf[0].render(scale=1.4).to_pil().save(out)
            print(f"Wrote {out} ({len(pdf)} pages)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

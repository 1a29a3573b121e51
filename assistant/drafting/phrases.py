"""Every fixed phrase of the request and the confirmation letter, in English and Russian.

What it does: ``PHRASES[lang]`` holds the wording of the documents (titles, headings, the Agreement's title,
sentences around the officer's answers), ``cite(article, paragraph, letter, lang)`` writes a clause the
way each language cites it ("Article 6(3)(a)" / "подп. «а» п. 3 ст. 6"), and the lookups below
name the channels, Article 3(1) categories and Article 6(4) stamps. The officer's own text is never
translated. Russian is the language of the Agreement's only authentic text.
What it leaves to others: the layout (``document``).
"""

from __future__ import annotations

LANGS = ("ru", "en")
DEFAULT_LANG = "ru"  # requests between CIS authorities are written in Russian, the authentic text's language
RU_LETTERS = dict(zip("abcdefghi", "абвгдежзи", strict=True))


def cite(article: int, paragraph: int | None = None, letter: str | None = None, lang: str = "en") -> str:
    if lang == "ru":  # abbreviated, as Russian legal letters cite: "подп. «а» п. 3 ст. 6"
        parts = ([f"подп. «{RU_LETTERS[letter]}»"] if letter else []) + ([f"п. {paragraph}"] if paragraph else [])
        return " ".join([*parts, f"ст. {article}"])
    return f"Article {article}" + (f"({paragraph})" if paragraph else "") + (f"({letter})" if letter else "")


EN = {
    "agreement": "Agreement on Cooperation of the Member States of the Commonwealth of Independent States in "
                 "Combating Crimes in the Field of Information Technology (Dushanbe, 28 September 2018)",
    "incomplete": "INCOMPLETE DRAFT - not to be sent. Missing: {missing}",
    "warning": "NOT READY TO SEND - {message}",
    "confidential": "CONFIDENTIAL (Article 8(1) of the Agreement)",
    "ref": "Ref. No. {number} of {date}", "ref.short": "No. {number} of {date}",
    "blank": "__________",
    "from": "From: {value}", "to": "To: {value}",
    "title.assistance": "REQUEST FOR ASSISTANCE",
    "title.preservation": "REQUEST FOR URGENT PRESERVATION OF DATA STORED IN COMPUTER SYSTEMS",
    "title.letter": "WRITTEN CONFIRMATION OF AN URGENT REQUEST",
    "under": "under {form} and Article 6 of the {agreement_gen}",
    "under.letter": "under Article 6(2) of the {agreement_gen}",
    "follows": "Further to our request for urgent preservation of data {reference}, which asked that the data "
               "described below be preserved, we request its disclosure.",
    "urgent.sent": "This request was transmitted as an urgent request {channel} on {date} and is hereby "
                   "confirmed in writing in accordance with Article 6(2) of the Agreement.",
    "urgent.planned": "This request is urgent and is transmitted in accordance with Article 6(2) of the "
                      "Agreement.",
    "urgency": "Reason for urgency: {reason}",
    "h.authorities": "Competent authorities", "requesting": "Requesting competent authority: {value}",
    "requested": "Requested competent authority: {value}",
    "h.case": "Criminal case", "case_number": "Criminal case No.: {value}",
    "investigating_body": "Investigating body: {value}", "offence_provision": "Offence under national law: {value}",
    "offence_category": "Act under Article 3(1) of the Agreement: {value}",
    "h.merits": "Statement of the merits of the case", "h.purpose": "Purpose and justification of the request",
    "h.assistance": "Content of the requested assistance",
    "h.preserve": "Data to be preserved, where and by whom it is held",
    "h.identifiers": "Identifiers of the data sought",
    "col.kind": "Kind", "col.value": "Identifier", "col.time": "Date and time", "col.zone": "Time zone",
    "period": "Period of preservation: {value}",
    "no_notice": "Please do not notify the user or subscriber concerned of the preservation or of this request.",
    "disclosure_follows": "A request for the disclosure of the preserved data will follow.",
    "h.deadline": "Desirable deadline for execution", "deadline": "We would be grateful if the request could "
                                                                  "be executed by {date}.",
    "deadline.now": "We would be grateful if the request could be executed immediately.",
    "h.other": "Other information useful for execution", "none": "None.",
    "enclosed": "The documents listed under Attachments are enclosed.",
    "h.reference": "Reference to the Agreement",
    "reference": "This request is made under the {agreement_ins}, in particular {form} and Article 6.",
    "h.confidentiality": "Confidentiality",
    "confidentiality": "The requesting competent authority considers it undesirable to disclose the fact of "
                       "receipt and the content of this request, and asks that their confidentiality be ensured "
                       "in accordance with Article 8(1) of the Agreement. Should confidentiality be impossible to "
                       "maintain in executing the request, please inform us in accordance with Article 8(2) "
                       "before executing it.",
    "confidentiality.reason": "Reason: {reason}",
    "h.contact": "Contact officer", "h.attachments": "Attachments", "sheets": "{item}, {n} sheet(s)",
    "stamp": "L.S.",
    "letter.body": "On {date} the {requesting} transmitted to the {requested}, {channel}{detail}, an urgent "
                   "{kind} under {form} of the Agreement.",
    "letter.confirm": "In accordance with Article 6(2) of the Agreement, we hereby confirm that request in "
                      "writing. The request in writing, containing the elements required by Article 6(3) of "
                      "the Agreement, is enclosed.",
    "letter.kind.assistance": "request for assistance",
    "letter.kind.preservation": "request for preservation of data stored in computer systems",
    "letter.assistance": "Assistance requested: {value}",
    "letter.preservation": "Data to be preserved: {value}",
    "h.enclosure": "Enclosures", "enclosure.request": "The request in writing ({title})",
    "page": "Page {page} of {pages}",
    "missing": "[to be completed: {cite}]",
}
RU = {
    "agreement": "Соглашение о сотрудничестве государств – участников Содружества Независимых Государств в "
                 "борьбе с преступлениями в сфере информационных технологий (Душанбе, 28 сентября 2018 года)",
    "incomplete": "НЕЗАВЕРШЁННЫЙ ПРОЕКТ - не направлять. Не хватает: {missing}",
    "warning": "НЕ ГОТОВ К НАПРАВЛЕНИЮ - {message}",
    "confidential": "КОНФИДЕНЦИАЛЬНО (пункт 1 статьи 8 Соглашения)",
    "ref": "Исх. № {number} от {date}", "ref.short": "№ {number} от {date}",
    "blank": "__________",
    "from": "От: {value}", "to": "Кому: {value}",
    "title.assistance": "ЗАПРОС О ПРЕДОСТАВЛЕНИИ СОДЕЙСТВИЯ",
    "title.preservation": "ЗАПРОС ОБ ОБЕСПЕЧЕНИИ СОХРАННОСТИ ДАННЫХ, ХРАНЯЩИХСЯ В КОМПЬЮТЕРНЫХ СИСТЕМАХ",
    "title.letter": "ПИСЬМЕННОЕ ПОДТВЕРЖДЕНИЕ СРОЧНОГО ЗАПРОСА",
    "agreement.gen": "Соглашения о сотрудничестве государств – участников Содружества Независимых Государств "
                     "в борьбе с преступлениями в сфере информационных технологий (Душанбе, 28 сентября 2018 "
                     "года)",
    "agreement.ins": "Соглашением о сотрудничестве государств – участников Содружества Независимых Государств "
                     "в борьбе с преступлениями в сфере информационных технологий (Душанбе, 28 сентября 2018 "
                     "года)",
    "under": "в соответствии с {form} и статьёй 6 {agreement_gen}",
    "under.letter": "в соответствии с пунктом 2 статьи 6 {agreement_gen}",
    "follows": "В дополнение к нашему запросу об обеспечении сохранности данных {reference} просим "
               "предоставить указанные ниже данные.",
    "urgent.sent": "Настоящий запрос был направлен как срочный {channel} {date} и настоящим подтверждается в "
                   "письменной форме в соответствии с пунктом 2 статьи 6 Соглашения.",
    "urgent.planned": "Настоящий запрос является срочным и направляется в соответствии с пунктом 2 статьи 6 "
                      "Соглашения.",
    "urgency": "Причина срочности: {reason}",
    "h.authorities": "Компетентные органы", "requesting": "Запрашивающий компетентный орган: {value}",
    "requested": "Запрашиваемый компетентный орган: {value}",
    "h.case": "Уголовное дело", "case_number": "Уголовное дело №: {value}",
    "investigating_body": "Орган расследования: {value}",
    "offence_provision": "Квалификация по национальному законодательству: {value}",
    "offence_category": "Деяние по пункту 1 статьи 3 Соглашения: {value}",
    "h.merits": "Изложение существа дела", "h.purpose": "Цель и обоснование запроса",
    "h.assistance": "Содержание запрашиваемого содействия",
    "h.preserve": "Данные, сохранность которых требуется обеспечить, где и у кого они хранятся",
    "h.identifiers": "Идентификаторы запрашиваемых данных",
    "col.kind": "Вид", "col.value": "Идентификатор", "col.time": "Дата и время", "col.zone": "Часовой пояс",
    "period": "Срок обеспечения сохранности: {value}",
    "no_notice": "Просим не уведомлять пользователя (абонента) об обеспечении сохранности данных и о "
                 "настоящем запросе.",
    "disclosure_follows": "Запрос о предоставлении сохранённых данных будет направлен дополнительно.",
    "h.deadline": "Желательный срок исполнения", "deadline": "Просим по возможности исполнить запрос до {date}",
    "deadline.now": "Просим исполнить запрос незамедлительно.",
    "h.other": "Иные сведения, которые могут быть полезны для исполнения", "none": "Нет.",
    "enclosed": "Документы, указанные в приложении, прилагаются.",
    "h.reference": "Ссылка на Соглашение",
    "reference": "Настоящий запрос направляется в соответствии с {agreement_ins}, в частности с {form} и "
                 "статьёй 6.",
    "h.confidentiality": "Конфиденциальность",
    "confidentiality": "Запрашивающий компетентный орган считает нежелательным разглашение факта получения и "
                       "содержания настоящего запроса и просит обеспечить их конфиденциальность в соответствии "
                       "с пунктом 1 статьи 8 Соглашения. Если сохранение конфиденциальности при исполнении "
                       "запроса невозможно, просим до его исполнения проинформировать нас об этом в "
                       "соответствии с пунктом 2 статьи 8 Соглашения.",
    "confidentiality.reason": "Причина: {reason}",
    "h.contact": "Исполнитель", "h.attachments": "Приложение", "sheets": "{item}, на {n} л.",
    "stamp": "М.П.",
    "letter.body": "{date} {requesting} направил(о) в {requested} {channel}{detail} срочный {kind} в "
                   "соответствии с {form} Соглашения.",
    "letter.confirm": "В соответствии с пунктом 2 статьи 6 Соглашения настоящим подтверждаем указанный запрос "
                      "в письменной форме. Запрос в письменной форме, содержащий сведения, предусмотренные "
                      "пунктом 3 статьи 6 Соглашения, прилагается.",
    "letter.kind.assistance": "запрос о предоставлении содействия",
    "letter.kind.preservation": "запрос об обеспечении сохранности данных",
    "letter.assistance": "Запрашиваемое содействие: {value}",
    "letter.preservation": "Данные, сохранность которых требуется обеспечить: {value}",
    "h.enclosure": "Приложение", "enclosure.request": "Запрос в письменной форме ({title})",
    "page": "Страница {page} из {pages}",
    "missing": "[подлежит заполнению: {cite}]",
}
PHRASES = {"en": EN, "ru": RU}
FORMS = {"en": {"assistance": "Article 5(b)", "preservation": "Article 5(i)"},
         "ru": {"assistance": "подп. «б» ст. 5", "preservation": "подп. «и» ст. 5"}}
CHANNELS_RU = {"orally": "устно", "by telephone": "по телефону", "by e-mail": "по электронной почте",
               "by fax": "по факсу", "by messenger": "через мессенджер",
               "by technical means of communication": "с использованием технических средств связи"}
CATEGORIES_RU = {
    "a": "неправомерный доступ к охраняемой законом компьютерной информации", "b": "вредоносные программы",
    "c": "нарушение правил эксплуатации компьютерной системы",
    "d": "хищение путём изменения компьютерной информации",
    "e": "распространение порнографических материалов с изображением несовершеннолетних",
    "f": "специальные программные или аппаратные средства для неправомерного доступа",
    "g": "незаконное использование программ, являющихся объектами авторского права",
    "h": "экстремистские материалы или призывы к террористической деятельности", "other": "иное",
}
KINDS = {"en": {"ip": "IP address", "email": "E-mail", "url": "URL", "domain": "Domain", "phone": "Phone",
                "account": "Account", "wallet": "Wallet"},
         "ru": {"ip": "IP-адрес", "email": "Эл. почта", "url": "URL", "domain": "Домен", "phone": "Телефон",
                "account": "Учётная запись / счёт", "wallet": "Криптокошелёк"}}

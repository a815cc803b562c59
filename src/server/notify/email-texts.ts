/**
 * The patient's acknowledgement email in the widget's five languages. Server-side texts (the
 * server never runs @lit/localize), in the widget's voice: the reference, what happens next and
 * how to reach the clinic. Never a health detail: email is not a safe channel, so the message
 * says only that a request arrived, and says so.
 *
 * Placeholders are filled by ./email.ts: `{reference}`, `{clinic}`, `{contact}`.
 */
export interface EmailTexts {
  subject: string;
  greeting: string;
  received: string;
  referenceLine: string;
  referenceHint: string;
  nextHeading: string;
  nextSteps: string;
  contactHeading: string;
  contactLine: string;
  privacy: string;
  signature: string;
}

export const EMAIL_TEXTS: Readonly<Record<string, EmailTexts>> = {
  en: {
    subject: 'We have received your request ({reference})',
    greeting: 'Hello,',
    received: 'Thank you. We have received your request for a second opinion.',
    referenceLine: 'Your reference number: {reference}',
    referenceHint: 'Please keep it and mention it when you contact us.',
    nextHeading: 'What happens next',
    nextSteps:
      'Our medical team checks your request and the documents you listed. We then contact you to confirm the next steps and how to send any documents we still need.',
    contactHeading: 'How to reach us',
    contactLine: 'Contact {clinic}: {contact}',
    privacy:
      'To protect your privacy, this email contains none of the medical information you sent us.',
    signature: '{clinic}',
  },
  de: {
    subject: 'Wir haben Ihre Anfrage erhalten ({reference})',
    greeting: 'Guten Tag,',
    received: 'Vielen Dank. Wir haben Ihre Anfrage nach einer Zweitmeinung erhalten.',
    referenceLine: 'Ihre Referenznummer: {reference}',
    referenceHint: 'Bitte bewahren Sie sie auf und nennen Sie sie, wenn Sie uns kontaktieren.',
    nextHeading: 'Wie es weitergeht',
    nextSteps:
      'Unser medizinisches Team prüft Ihre Anfrage und die Unterlagen, die Sie angegeben haben. Danach melden wir uns bei Ihnen, um die nächsten Schritte zu bestätigen und zu klären, wie Sie noch fehlende Unterlagen senden.',
    contactHeading: 'So erreichen Sie uns',
    contactLine: '{clinic}: {contact}',
    privacy:
      'Zum Schutz Ihrer Privatsphäre enthält diese E-Mail keine der medizinischen Angaben, die Sie uns gesendet haben.',
    signature: '{clinic}',
  },
  ka: {
    subject: 'თქვენი მოთხოვნა მივიღეთ ({reference})',
    greeting: 'გამარჯობა,',
    received: 'გმადლობთ. მეორე აზრის მიღების თქვენი მოთხოვნა მივიღეთ.',
    referenceLine: 'თქვენი საცნობარო ნომერი: {reference}',
    referenceHint: 'გთხოვთ, შეინახოთ იგი და მიუთითოთ, როცა დაგვიკავშირდებით.',
    nextHeading: 'რა ხდება შემდეგ',
    nextSteps:
      'ჩვენი სამედიცინო გუნდი გადახედავს თქვენს მოთხოვნას და თქვენ მიერ ჩამოთვლილ დოკუმენტებს. შემდეგ დაგიკავშირდებით, რათა დავადასტუროთ შემდეგი ნაბიჯები და როგორ გამოგვიგზავნოთ ის დოკუმენტები, რომლებიც ჯერ კიდევ გვჭირდება.',
    contactHeading: 'როგორ დაგვიკავშირდეთ',
    contactLine: '{clinic}: {contact}',
    privacy:
      'თქვენი კონფიდენციალურობის დასაცავად, ეს წერილი არ შეიცავს არცერთ სამედიცინო ინფორმაციას, რომელიც გამოგვიგზავნეთ.',
    signature: '{clinic}',
  },
  ru: {
    subject: 'Мы получили ваш запрос ({reference})',
    greeting: 'Здравствуйте!',
    received: 'Спасибо. Мы получили ваш запрос на второе мнение.',
    referenceLine: 'Ваш номер обращения: {reference}',
    referenceHint: 'Пожалуйста, сохраните его и называйте, когда связываетесь с нами.',
    nextHeading: 'Что будет дальше',
    nextSteps:
      'Наша медицинская команда рассмотрит ваш запрос и перечисленные вами документы. Затем мы свяжемся с вами, чтобы согласовать следующие шаги и то, как отправить документы, которые нам ещё нужны.',
    contactHeading: 'Как с нами связаться',
    contactLine: '{clinic}: {contact}',
    privacy:
      'Чтобы защитить вашу конфиденциальность, в этом письме нет никаких медицинских сведений, которые вы нам отправили.',
    signature: '{clinic}',
  },
  ar: {
    subject: 'استلمنا طلبكم ({reference})',
    greeting: 'مرحبًا،',
    received: 'شكرًا لكم. استلمنا طلبكم للحصول على رأي طبي ثانٍ.',
    referenceLine: 'رقمكم المرجعي: {reference}',
    referenceHint: 'يُرجى الاحتفاظ به وذكره عند التواصل معنا.',
    nextHeading: 'ما الخطوات التالية',
    nextSteps:
      'سيراجع فريقنا الطبي طلبكم والمستندات التي ذكرتموها. ثم نتواصل معكم لتأكيد الخطوات التالية وطريقة إرسال أي مستندات ما زلنا نحتاج إليها.',
    contactHeading: 'كيف تتواصلون معنا',
    contactLine: '{clinic}: {contact}',
    privacy:
      'حفاظًا على خصوصيتكم، لا تحتوي هذه الرسالة على أي من المعلومات الطبية التي أرسلتموها إلينا.',
    signature: '{clinic}',
  },
};

export const RIGHT_TO_LEFT_EMAIL_LOCALES = new Set(['ar']);

/** The texts for a payload's locale (`de-AT` → `de`), English when there are none. */
export function emailTexts(locale: string | undefined): { locale: string; texts: EmailTexts } {
  const language = (locale ?? '').split(/[-_]/)[0].toLowerCase();
  const found = EMAIL_TEXTS[language];
  return found ? { locale: language, texts: found } : { locale: 'en', texts: EMAIL_TEXTS.en };
}

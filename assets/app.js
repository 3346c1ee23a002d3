// Enhancements only: every page works without this file (and without JavaScript at all).
// GOV.UK Frontend's components add focus on the error summary, the skip link target and the
// Exit this page shortcut (pressing Shift three times).
import { initAll } from './govuk-frontend.min.js'

// The layout's inline line adds these classes too; adding them here as well keeps the
// enhancements working if a Content-Security-Policy without a nonce blocks that line.
document.body.classList.add('js-enabled', 'govuk-frontend-supported')

// The words this script shows or says, in the page's language. English is here (the words of
// feedback_app/script_words.py); the build adds every other language from the catalogues, so
// that no page has to carry them.
const WORDS = {
  en: {
    exitThisPage: {
      activated: 'Leaving this page.',
      timedOut: 'The shortcut to leave this page has timed out.',
      pressTwoMoreTimes: 'Press Shift 2 more times to leave this page.',
      pressOneMoreTime: 'Press Shift 1 more time to leave this page.'
    },
    listen: {
      start: 'Listen to the question',
      stop: 'Stop listening'
    }
  }
}
/* The words in other languages: added by scripts/build_assets.py */
const words = WORDS[document.documentElement.lang] || WORDS.en

initAll({ exitThisPage: { i18n: words.exitThisPage } })

// Keying a returned paper form (templates/paper/key_form.html): within a question, a number key
// chooses the answer printed with that number (0 for no tick), and Enter moves to the next
// question instead of sending the form. Arrow keys, Tab and the mouse work as usual.
const keyingForm = document.querySelector('form[data-keying]')
if (keyingForm) {
  const questions = Array.from(keyingForm.querySelectorAll('[data-keyed-question]'))
  const focusQuestion = (index) => {
    const question = questions[index]
    if (!question) {
      keyingForm.querySelector('button[type="submit"], .govuk-button')?.focus()
      return
    }
    const field = question.querySelector('input[type="radio"]:checked') || question.querySelector('input[type="radio"]') ||
      question.querySelector('textarea')
    field?.focus()
  }
  keyingForm.addEventListener('keydown', (event) => {
    const target = event.target
    if (!(target instanceof HTMLInputElement) || target.type !== 'radio') return
    const index = questions.findIndex((question) => question.contains(target))
    if (index < 0 || event.altKey || event.ctrlKey || event.metaKey) return
    if (event.key === 'Enter') {
      event.preventDefault()
      focusQuestion(index + 1)
      return
    }
    if (/^[0-9]$/.test(event.key)) {
      const match = questions[index].querySelector(`input[type="radio"][data-key="${event.key}"]`)
      if (match) {
        event.preventDefault()
        match.checked = true
        match.focus()
      }
    }
  })
}

// "Listen" on a person's question page (templates/respond/_listen.html): the browser reads the
// question, its hint and its answers aloud in the page's language. Shown only when the browser
// has a voice for that language, so that Welsh is never read out by an English voice.
const listen = document.querySelector('[data-listen]')
if (listen && 'speechSynthesis' in window && 'SpeechSynthesisUtterance' in window) {
  const speech = window.speechSynthesis
  const language = document.documentElement.lang
  // The button is made here, so that a page a voice cannot read carries nothing of it.
  const button = document.createElement('button')
  button.type = 'button'
  button.className = 'govuk-button govuk-button--secondary app-answer-button'
  button.dataset.listenButton = ''
  const symbol = document.createElement('img')
  Object.assign(symbol, { className: 'app-symbol app-symbol--small', src: '/symbols/speaker.svg', alt: '', width: 32, height: 32 })
  const label = document.createElement('span')
  const listenLabel = words.listen.start
  label.textContent = listenLabel
  button.append(symbol, label)
  listen.append(button)
  const voiceFor = () => speech.getVoices().find((voice) => voice.lang.toLowerCase().split(/[-_]/)[0] === language)
  const textOf = (element) => {
    const copy = element.cloneNode(true)
    copy.querySelectorAll('[data-title-caption], .govuk-visually-hidden').forEach((hidden) => hidden.remove())
    return copy.textContent.replace(/\s+/g, ' ').trim()
  }
  const phrases = () => {
    const form = document.querySelector('main form')
    const parts = [form.querySelector('h1'), form.querySelector('.govuk-inset-text'), form.querySelector('.govuk-hint'),
      ...form.querySelectorAll('.govuk-radios__label, .govuk-radios__divider, button[name="answer"]')]
    return parts.filter(Boolean).map(textOf).filter((text) => text)
  }
  const stopped = () => { label.textContent = listenLabel }
  const show = () => { listen.hidden = !voiceFor() }
  show()
  speech.addEventListener?.('voiceschanged', show)
  button.addEventListener('click', () => {
    if (speech.speaking || speech.pending) {
      speech.cancel()
      stopped()
      return
    }
    const voice = voiceFor()
    const all = phrases()
    all.forEach((text, index) => {
      const utterance = new SpeechSynthesisUtterance(text)
      utterance.lang = language
      if (voice) utterance.voice = voice
      if (index === all.length - 1) utterance.onend = stopped
      speech.speak(utterance)
    })
    label.textContent = words.listen.stop
  })
  window.addEventListener('pagehide', () => speech.cancel())
}

// Staff pages: put back what was typed before a sign-out (the page carries it as data), and warn
// before the idle sign-out, with a way to stay signed in. When the time runs out, a form with
// something typed in it is handed in, marked so that nothing is acted on: the service keeps what
// was typed and puts it back after signing in again. Without JavaScript, the sign-out still
// happens and what was typed is shown on the page to copy back.
const savedForm = document.getElementById('app-saved-form')
const pageForm = () => Array.from(document.querySelectorAll('main form')).find((form) => form.method === 'post')
if (savedForm) {
  const form = pageForm()
  const values = new Map()
  JSON.parse(savedForm.textContent).forEach(([name, value]) => values.set(name, [...(values.get(name) || []), value]))
  if (form) {
    values.forEach((kept, name) => {
      form.querySelectorAll(`[name="${CSS.escape(name)}"]`).forEach((field, index) => {
        if (field.type === 'radio' || field.type === 'checkbox') {
          field.checked = kept.includes(field.value)
        } else if (field.type !== 'hidden' && field.type !== 'file' && kept[index] !== undefined) {
          field.value = kept[index]
        }
      })
    })
  }
}

const timeout = document.getElementById('app-timeout')
const sessionLeft = Number(document.body.dataset.sessionSeconds)
if (timeout && sessionLeft && typeof timeout.showModal === 'function') {
  const warnSeconds = Number(timeout.dataset.warnSeconds)
  const token = document.querySelector('#app-sign-out input[name="csrf_token"]')?.value
  let timer
  const schedule = (seconds) => {
    clearTimeout(timer)
    timer = setTimeout(check, Math.max(seconds, 1) * 1000)
  }
  const changed = (form) => Array.from(form.elements).some((field) =>
    (field.type === 'radio' || field.type === 'checkbox') ? field.checked !== field.defaultChecked
      : (field.tagName === 'TEXTAREA' || (field.tagName === 'INPUT' && field.type !== 'hidden')) && field.value !== field.defaultValue)
  const signedOut = () => {
    const form = pageForm()
    if (form && changed(form)) {
      const address = new URL(form.getAttribute('action') || window.location.href, window.location.href)
      address.searchParams.set('_session_ended', '1')
      form.setAttribute('action', address.toString())
      HTMLFormElement.prototype.submit.call(form)
    } else {
      window.location.reload()
    }
  }
  const react = (seconds) => {
    if (seconds <= 0) {
      signedOut()
    } else if (seconds > warnSeconds) {
      if (timeout.open) timeout.close()
      schedule(seconds - warnSeconds)
    } else {
      if (!timeout.open) timeout.showModal()
      schedule(seconds + 1)
    }
  }
  const check = () => fetch(timeout.dataset.statusUrl, { headers: { Accept: 'application/json' }, redirect: 'manual' })
    .then((response) => response.ok ? response.json() : { seconds_left: 0 })
    .then((status) => react(status.seconds_left))
    .catch(() => schedule(30))
  timeout.querySelector('[data-stay-signed-in]').addEventListener('click', () => {
    fetch(timeout.dataset.keepAliveUrl, { method: 'POST', headers: { Accept: 'application/json', 'X-CSRFToken': token }, redirect: 'manual' })
      .then((response) => response.ok ? response.json() : { seconds_left: 0 })
      .then((status) => react(status.seconds_left))
      .catch(() => schedule(30))
  })
  // Escape closes the dialogue as staying signed in would not: ask the server again.
  timeout.addEventListener('cancel', (event) => { event.preventDefault(); timeout.querySelector('[data-stay-signed-in]').click() })
  schedule(sessionLeft - warnSeconds)
}

// A long import (templates/casework/import_progress.html): say how far it has got, now and then,
// in the status line a screen reader announces, and show the results when it is done.
const importProgress = document.querySelector('[data-import-progress]')
if (importProgress) {
  const done = importProgress.querySelector('[data-import-done]')
  const numbers = new Intl.NumberFormat('en-GB')
  const poll = () => fetch(importProgress.dataset.importProgress, { headers: { Accept: 'application/json' } })
    .then((response) => response.ok ? response.json() : Promise.reject(response.status))
    .then((state) => {
      if (state.finished) {
        window.location.reload()
        return
      }
      done.textContent = numbers.format(state.done_lines)
      setTimeout(poll, 5000)
    })
    .catch(() => setTimeout(poll, 10000))
  setTimeout(poll, 2000)
}

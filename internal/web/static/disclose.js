// Disclose's progressive enhancement: every page works without it.
import { initAll } from './build/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

// The case list: "/" focuses the search; j/k or the arrow keys move
// between rows and Enter opens the selected case.
const rows = Array.from(document.querySelectorAll('[data-dsc-rows] [data-dsc-row]'))
const search = document.querySelector('[data-dsc-search]')
let selected = -1

function select (i) {
  if (rows.length === 0) return
  i = Math.max(0, Math.min(rows.length - 1, i))
  if (selected >= 0) rows[selected].classList.remove('dsc-selected')
  selected = i
  const row = rows[i]
  row.classList.add('dsc-selected')
  row.querySelector('a').focus({ preventScroll: true })
  row.scrollIntoView({ block: 'nearest' })
}

function typing (el) {
  return el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)
}

document.addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey) return
  if (e.key === '/' && search && !typing(document.activeElement)) {
    e.preventDefault()
    search.focus()
    search.select()
    return
  }
  if (rows.length === 0 || typing(document.activeElement)) return
  if (e.key === 'j' || e.key === 'ArrowDown') {
    e.preventDefault()
    select(selected + 1)
  } else if (e.key === 'k' || e.key === 'ArrowUp') {
    e.preventDefault()
    select(selected - 1)
  } else if (e.key === 'Enter' && selected >= 0 && document.activeElement === document.body) {
    window.location = rows[selected].querySelector('a').href
  }
})

// Answer forms: the public-interest reasoning shows once a qualified
// exemption is ticked (without JavaScript it is always shown).
for (const form of document.querySelectorAll('.dsc-answer')) {
  const box = form.querySelector('[data-dsc-public-interest]')
  const qualified = form.querySelectorAll('[data-dsc-qualified]')
  if (!box) continue
  const update = () => {
    const any = Array.from(qualified).some((c) => c.checked)
    const text = box.querySelector('textarea')
    box.classList.toggle('dsc-hidden', !any && text.value.trim() === '')
  }
  for (const c of form.querySelectorAll('input[name="exemptions"]')) c.addEventListener('change', update)
  update()
}

// The request form: while the requester types, published answers that
// look like their request are offered under the text box, in a polite
// live region (a pause in typing asks; a newer question cancels an older
// one). Without JavaScript the check page lists the same answers.
const requestText = document.querySelector('[data-similar-target]')
if (requestText) {
  const region = document.getElementById(requestText.dataset.similarTarget)
  // The page's words and month names come from the server's catalogue
  // (data- attributes), so a Welsh page stays Welsh.
  const words = region.dataset
  const months = (words.months || '').split(',')
  const longDate = (iso) => {
    const [y, m, d] = iso.split('-').map(Number)
    return d + ' ' + months[m - 1] + ' ' + y
  }
  const el = (tag, className, text) => {
    const e = document.createElement(tag)
    if (className) e.className = className
    if (text) e.textContent = text
    return e
  }
  const show = (results) => {
    if (results.length === 0) {
      region.replaceChildren()
      return
    }
    const list = el('ul', 'govuk-list govuk-list--spaced')
    for (const r of results) {
      const item = el('li')
      const link = el('a', 'govuk-link', r.title + ' ' + words.newTab)
      link.href = r.url
      if (words.contentLang) link.lang = words.contentLang
      link.target = '_blank'
      link.rel = 'noreferrer noopener'
      item.append(link, el('span', 'govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0', r.reference + ', ' + words.published + ' ' + longDate(r.published_on)))
      list.append(item)
    }
    region.replaceChildren(
      el('h2', 'govuk-heading-s', words.heading),
      el('p', 'govuk-body', words.intro),
      list)
  }
  let timer = null
  let asked = ''
  let pending = null
  const ask = async () => {
    const text = requestText.value.trim()
    if (text === asked) return
    asked = text
    if (pending) pending.abort()
    if (text.length < 10) {
      show([])
      return
    }
    pending = new AbortController()
    try {
      const resp = await fetch('/api/v1/disclosures/similar?text=' + encodeURIComponent(text.slice(0, 2000)),
        { signal: pending.signal, headers: { Accept: 'application/json' } })
      if (resp.ok) show((await resp.json()).results)
    } catch (e) {
      // Cancelled by newer typing, or offline: the check page still lists them.
    }
  }
  requestText.addEventListener('input', () => {
    clearTimeout(timer)
    timer = setTimeout(ask, 400)
  })
}

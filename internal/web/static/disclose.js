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

// The key that moved the focus to a box is not typed into it, even when
// its character arrives after the focus has moved.
let swallow = null
document.addEventListener('beforeinput', (e) => {
  if (swallow !== null && e.data === swallow) e.preventDefault()
  swallow = null
})
document.addEventListener('keyup', () => { setTimeout(() => { swallow = null }, 0) })

document.addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey) return
  const jump = document.querySelector('[data-dsc-jump]')
  if (e.key === 'g' && jump && !typing(document.activeElement)) {
    e.preventDefault()
    swallow = 'g'
    jump.focus()
    jump.select()
    return
  }
  if (e.key === '/' && search && !typing(document.activeElement)) {
    e.preventDefault()
    swallow = '/'
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
  for (const c of form.querySelectorAll('input[type="checkbox"]')) c.addEventListener('change', update)
  box.querySelector('textarea').addEventListener('change', update) // a draft put back
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
      // Which of the requester's questions it answers, and how the entry
      // asked each.
      if (r.answers_text) {
        item.append(el('strong', 'govuk-tag govuk-tag--green dsc-similar__answers', r.answers_text))
        const asked = el('ul', 'govuk-list govuk-body-s dsc-similar__questions')
        for (const a of r.answers || []) {
          const li = el('li', '', words.askedThere.replace('%s', a.question) + ' ')
          const q = el('q', '', a.published_question)
          if (words.contentLang) q.lang = words.contentLang
          li.append(q)
          asked.append(li)
        }
        item.append(asked)
      }
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
      const resp = await fetch('/api/v1/disclosures/similar?lang=' + encodeURIComponent(words.lang || 'en') + '&text=' + encodeURIComponent(text.slice(0, 2000)),
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

// Drafts (issue 15): on a page with [data-dsc-drafts], whatever is typed
// into a form and not yet sent is kept in this browser tab
// (sessionStorage, gone when the tab closes or on signing out), so sending
// another form on the page — which reloads it — loses nothing: the words
// are put back and the page says where. Sending a field's own form clears
// its draft (the server has it, or shows it back with the error).
const draftsBox = document.querySelector('[data-dsc-drafts]')
if (draftsBox) {
  const key = 'dsc-draft:' + location.pathname
  const fields = () => Array.from(document.querySelectorAll('textarea[id], select[id], input[id]'))
    .filter((el) => el.form && !['hidden', 'password', 'file', 'submit'].includes(el.type))
  const current = (el) => (el.type === 'checkbox' || el.type === 'radio') ? el.checked : el.value
  const initial = (el) => {
    if (el.type === 'checkbox' || el.type === 'radio') return el.defaultChecked
    if (el.tagName === 'SELECT') {
      const o = Array.from(el.options).find((o) => o.defaultSelected) || el.options[0]
      return o ? o.value : ''
    }
    return el.defaultValue
  }
  const read = () => {
    try { return JSON.parse(sessionStorage.getItem(key)) || {} } catch (e) { return {} }
  }
  const write = (d) => {
    try {
      if (Object.keys(d).length === 0) sessionStorage.removeItem(key)
      else sessionStorage.setItem(key, JSON.stringify(d))
    } catch (e) {
      // Storage full or refused: the page still works, without drafts.
    }
  }
  const name = (el) => {
    const label = document.querySelector('label[for="' + el.id + '"]')
    const text = label ? label.textContent.trim().replace(/\s+/g, ' ') : el.id
    const within = el.closest('[data-dsc-draft-name]')
    return within ? within.dataset.dscDraftName + ': ' + text : text
  }
  const drafts = read()
  const restored = []
  for (const el of fields()) {
    const d = drafts[el.id]
    if (!d) continue
    if (d.v === initial(el)) {
      delete drafts[el.id] // saved meanwhile, or typed back as it was
      continue
    }
    if (el.type === 'checkbox' || el.type === 'radio') el.checked = d.v
    else el.value = d.v
    el.dispatchEvent(new Event('change', { bubbles: true }))
    restored.push(name(el) + (d.base !== initial(el) ? ' (changed by someone else since you typed: check it)' : ''))
  }
  write(drafts)
  if (restored.length > 0) {
    const box = document.createElement('div')
    box.className = 'govuk-inset-text'
    box.id = 'drafts-restored'
    box.setAttribute('role', 'status')
    const p = document.createElement('p')
    p.className = 'govuk-body'
    p.textContent = 'What you typed here and had not saved is back in the page. It is kept only in this browser tab until you save it:'
    const list = document.createElement('ul')
    list.className = 'govuk-list govuk-list--bullet'
    for (const r of restored) {
      const li = document.createElement('li')
      li.textContent = r
      list.append(li)
    }
    box.append(p, list)
    draftsBox.append(box)
  }
  const keep = (e) => {
    const el = e.target
    if (!el.id || !el.form || ['hidden', 'password', 'file'].includes(el.type)) return
    const d = read()
    if (current(el) === initial(el)) delete d[el.id]
    else d[el.id] = { v: current(el), base: initial(el) }
    write(d)
  }
  document.addEventListener('input', keep)
  document.addEventListener('change', keep)
  document.addEventListener('submit', (e) => {
    const d = read()
    for (const el of fields()) if (el.form === e.target) delete d[el.id]
    write(d)
  })
}
// Signing out forgets every draft kept in the tab.
for (const form of document.querySelectorAll('.dsc-sign-out')) {
  form.addEventListener('submit', () => {
    try {
      for (const k of Object.keys(sessionStorage)) if (k.startsWith('dsc-draft:')) sessionStorage.removeItem(k)
    } catch (e) {}
  })
}

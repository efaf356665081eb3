// ケース: the header (state, workflow and pinned version, 主担当, consent),
// the actions I may take (a refused one shows its reason), each action's
// form from the case's own definition version, the timeline of every event,
// the plan, meetings, tasks, member agencies and child cases.
import { api, newIdempotencyKey } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { formatDate, formatDateTime } from '../lib/format.js';
import { buildForm, displayValue, fieldIndex, fieldsView, findForm, hasValue, labelOf } from '../lib/forms.js';
import { label, register, t } from '../lib/i18n.js';
import { badge, errorText, loading, pageHeader, toast } from '../lib/ui.js';

register({
  'case.title': { ja: 'ケース #{id}', en: 'Case #{id}' },
  'case.back': { ja: '← ケース一覧', en: '← Cases' },
  'case.state': { ja: '状態', en: 'State' },
  'case.workflow': { ja: 'ワークフロー', en: 'Workflow' },
  'case.version': { ja: '定義 版#{version}', en: 'definition version #{version}' },
  'case.lead': { ja: '主担当', en: 'Lead agency' },
  'case.owner': { ja: '現在の担当機関', en: 'Agency holding the case' },
  'case.leadNone': { ja: '未定', en: 'Not decided' },
  'case.consent': { ja: '本人同意（情報共有）', en: 'Consent to sharing' },
  'case.consentYes': { ja: '同意あり', en: 'Consented' },
  'case.consentNo': { ja: '同意なし', en: 'Not consented' },
  'case.consentUnknown': { ja: '未確認', en: 'Not yet asked' },
  'case.consentOn': { ja: '{date} 同意', en: 'on {date}' },
  'case.opened': { ja: '受付', en: 'Opened' },
  'case.updated': { ja: '最終更新', en: 'Last updated' },
  'case.meetingOnly': {
    ja: 'あなたの機関は会議の出席者としてこのケースに関わっています。見えるのは会議で共有された記録だけです（支援会議の記録は守秘義務の対象です）。',
    en: 'Your agency takes part in this case through a meeting: you see only what was shared there (support meeting records are confidential).',
  },
  'case.actions': { ja: 'できる操作', en: 'Actions' },
  'case.noActions': { ja: 'いまの状態で、あなたの役割が行える操作はありません', en: 'Your role has no action in this state' },
  'case.reason': { ja: '実行できない理由：{reason}', en: 'Unavailable: {reason}' },
  'case.tryForm': { ja: '{form}に記入して進める', en: 'Fill in the {form} to go ahead' },
  'case.tryFormNote': { ja: '記入した内容で改めて判定します', en: 'The check runs again with what you enter' },
  'case.toState': { ja: '実行すると「{state}」になります', en: 'Moves the case to “{state}”' },
  'case.staysInState': { ja: '状態は変わりません（記録の追加・更新）', en: 'The state stays the same (adds or updates records)' },
  'case.submit': { ja: '記録して実行', en: 'Record and submit' },
  'case.sending': { ja: '送信中…', en: 'Sending…' },
  'case.done': { ja: '「{action}」を記録しました', en: '“{action}” recorded' },
  'case.spawned': { ja: '子ケース {ids} が作成されました', en: 'Child cases {ids} were opened' },
  'case.replayed': { ja: 'この操作はすでに記録されていました（二重登録はしていません）', en: 'This had already been recorded (not recorded twice)' },
  'case.conflict': {
    ja: '他の職員が先にこのケースを更新しました。最新の内容を読み込み直しました。必要なら改めて操作してください。',
    en: 'Someone else updated this case first. It has been reloaded; please try again if still needed.',
  },
  'case.denied': { ja: 'この操作はできません：{reason}', en: 'Not possible: {reason}' },
  'case.network': {
    ja: '送信できませんでした（通信エラー）。もう一度「記録して実行」を押すと、同じ操作として送り直します（二重に記録されることはありません）。',
    en: 'Could not send (network error). Press submit again to retry the same action; it will not be recorded twice.',
  },
  'case.record': { ja: 'ケースの記録', en: 'Case records' },
  'case.otherFields': { ja: 'その他の記録', en: 'Other records' },
  'case.timeline': { ja: '経過（新しい順）', en: 'Timeline (newest first)' },
  'case.createEvent': { ja: 'ケースを登録', en: 'Case opened' },
  'case.sameState': { ja: '{state}（状態は変わらず）', en: '{state} (state unchanged)' },
  'case.by': { ja: '{actor}（{agency}）', en: '{actor} ({agency})' },
  'case.plan': { ja: '支援プラン', en: 'Support plan' },
  'case.noPlan': { ja: '支援プランはまだ作成されていません', en: 'No plan yet' },
  'case.goals': { ja: '支援の目標・方向性', en: 'Goals and direction' },
  'case.roles': { ja: '機関ごとの役割', en: 'Roles per agency' },
  'case.planStatus': { ja: 'プランの状態', en: 'Plan status' },
  'case.meetings': { ja: '会議と記録', en: 'Meetings and records' },
  'case.noMeetings': { ja: 'まだ会議の記録はありません', en: 'No meeting yet' },
  'case.restricted': { ja: '守秘（出席機関のみ閲覧）', en: 'Confidential (attendees only)' },
  'case.tasks': { ja: 'タスク', en: 'Tasks' },
  'case.noTasks': { ja: 'タスクはありません', en: 'No tasks' },
  'case.task': { ja: 'タスク', en: 'Task' },
  'case.due': { ja: '期限', en: 'Due' },
  'case.open': { ja: '未完了', en: 'Open' },
  'case.closedOn': { ja: '完了 {date}', en: 'Done {date}' },
  'case.overdue': { ja: '期限超過', en: 'Overdue' },
  'case.members': { ja: '関わっている機関', en: 'Agencies involved' },
  'case.noMembers': { ja: '表示できる機関はありません', en: 'None shown' },
  'case.children': { ja: '子ケース', en: 'Child cases' },
  'case.noChildren': { ja: '子ケースはありません', en: 'No child cases' },
  'case.childHidden': { ja: '（閲覧権限なし）', en: '(not visible to you)' },
  'relation.intake': { ja: '受付', en: 'Intake' },
  'relation.owner': { ja: '担当', en: 'Holder' },
  'relation.routed': { ja: '振り分け先', en: 'Routed to' },
  'relation.task': { ja: 'タスク', en: 'Task' },
  'relation.referrer': { ja: 'つなぎ元', en: 'Referrer' },
  'relation.invited': { ja: '会議へ参加依頼', en: 'Invited' },
  'relation.lead': { ja: '主担当', en: 'Lead' },
  'relation.assigned': { ja: '役割分担', en: 'Assigned a role' },
  'relation.jusou_kaigi': { ja: '重層的支援会議', en: 'Multi-layered meeting' },
  'relation.shien_kaigi': { ja: '支援会議', en: 'Support meeting' },
  'relation.shien_kaigi_role': { ja: '支援会議で役割', en: 'Role from the support meeting' },
  'relation.resource_gap': { ja: '社会資源の検討', en: 'Resource gap' },
  'relation.passed_on': { ja: '引き継ぎ先', en: 'Passed on' },
  'relation.handover': { ja: '引き継ぎ', en: 'Handover' },
  'relation.participation': { ja: '参加支援', en: 'Participation' },
  'relation.outreach': { ja: 'アウトリーチ', en: 'Outreach' },
  'relation.discoverer': { ja: '発見', en: 'Discovered' },
  'relation.meeting': { ja: '会議', en: 'Meeting' },
  'relation.attended': { ja: '（出席）', en: ' (attended)' },
  'relation.parentMeeting': { ja: '元のケースの会議', en: "Parent case's meeting" },
});

// Definitions by "workflow@version": a case is shown with the version it is pinned to.
const definitions = new Map();
// A message to show once after the page is drawn again (after an action).
let flash = null;

async function definitionOf(workflow, version) {
  const key = `${workflow}@${version}`;
  if (!definitions.has(key)) {
    definitions.set(key, api('GET', `/workflows/${encodeURIComponent(workflow)}`, { query: { version } }).catch((error) => {
      definitions.delete(key);
      throw error;
    }));
  }
  return definitions.get(key);
}

function transitionFor(def, from, event) {
  const all = def?.transitions ?? [];
  return all.find((tr) => tr.event === event && (tr.from.includes(from) || tr.from.includes('*')))
    ?? all.find((tr) => tr.event === event) ?? null;
}

function stateLabel(def, id) {
  const state = def?.states?.find((s) => s.id === id);
  return state ? label(state.label, id) : id;
}

function roleLabel(def, id) {
  const role = def?.roles?.find((r) => r.id === id);
  return role ? label(role.label, id) : id;
}

function section(id, title, ...children) {
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), children);
}

function consentView(data) {
  if (data.consent_share === true) {
    return [badge(t('case.consentYes'), 'ok'),
      data.consent_date ? h('span', { class: 'muted small' }, ` ${t('case.consentOn', { date: formatDate(data.consent_date) })}`) : null];
  }
  if (data.consent_share === false) return badge(t('case.consentNo'), 'danger');
  return badge(t('case.consentUnknown'), 'muted');
}

function headerPanel(c, agencyLabel) {
  const data = c.data ?? {};
  const facts = (rows) => h('dl', { class: 'facts case-facts' },
    rows.filter(Boolean).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  return h('section', { class: 'panel case-header', 'aria-label': t('case.title', { id: c.id }) },
    data.main_complaint ? h('p', { class: 'lead-text' }, data.main_complaint) : null,
    h('div', { class: 'case-facts-columns' },
      facts([
        [t('case.state'), badge(label(c.state.label, c.state.id), c.state.final ? 'muted' : '')],
        [t('case.consent'), consentView(data)],
        [t('case.lead'), data.lead_agency ? agencyLabel(data.lead_agency) : h('span', { class: 'muted' }, t('case.leadNone'))],
        data.owner_agency ? [t('case.owner'), agencyLabel(data.owner_agency)] : null,
      ]),
      facts([
        [t('case.workflow'), [label(c.workflow_title, c.workflow), ' ',
          h('span', { class: 'muted small nowrap' }, t('case.version', { version: c.definition_version }))]],
        [t('case.opened'), formatDateTime(c.created_at)],
        [t('case.updated'), formatDateTime(c.updated_at)],
      ])),
    c.visibility === 'meeting_only' ? h('p', { class: 'note warn-box', role: 'note' }, t('case.meetingOnly')) : null);
}

/** Fields the event's form records, for labels in the timeline. */
function eventFields(def, event) {
  const tr = transitionFor(def, event.from, event.event);
  const formId = tr?.form ?? def?.states?.find((s) => s.id === (event.from || event.to))?.form;
  const form = formId ? findForm(def, formId) : null;
  return [...(form?.fields ?? []), ...fieldIndex(def).values()];
}

function timeline(events, defsByVersion, ctx) {
  if (!events.length) return h('p', { class: 'muted' }, t('common.empty'));
  const items = [...events].reverse().map((e) => {
    const def = defsByVersion.get(e.definition_version) ?? ctx.def;
    const tr = e.event === 'create' ? null : transitionFor(def, e.from, e.event);
    const title = e.event === 'create' ? t('case.createEvent') : tr ? label(tr.label, e.event) : e.event;
    const move = !e.from
      ? `→ ${stateLabel(def, e.to)}`
      : e.from === e.to || !e.to ? t('case.sameState', { state: stateLabel(def, e.from) })
        : `${stateLabel(def, e.from)} → ${stateLabel(def, e.to)}`;
    const who = e.agency
      ? t('case.by', { actor: e.actor, agency: ctx.agencyLabel(e.agency) })
      : e.actor;
    const hasPayload = e.payload && Object.keys(e.payload).length > 0;
    return h('li', { class: 'timeline-item', dataset: { seq: String(e.seq), event: e.event } },
      h('div', { class: 'when' }, formatDateTime(e.at), ' · ', who, e.role ? h('span', { class: 'muted' }, ` · ${roleLabel(def, e.role)}`) : null),
      h('div', { class: 'what' }, h('strong', {}, title), h('span', { class: 'move' }, move)),
      hasPayload ? fieldsView(eventFields(def, e), e.payload, { agencyLabel: ctx.agencyLabel }) : null);
  });
  return h('ol', { class: 'timeline' }, items);
}

function recordPanel(c, def, agencyLabel) {
  const data = c.data ?? {};
  const shown = new Set(['owner_agency']);
  const groups = [];
  for (const form of def?.forms ?? []) {
    const fields = form.fields.filter((f) => f.id in data && !shown.has(f.id));
    if (!fields.length) continue;
    fields.forEach((f) => shown.add(f.id));
    groups.push(h('details', { class: 'record-group', open: groups.length < 2 },
      h('summary', {}, label(form.label, form.id)),
      fieldsView(fields, Object.fromEntries(fields.map((f) => [f.id, data[f.id]])), { agencyLabel })));
  }
  const rest = Object.keys(data).filter((k) => !shown.has(k));
  if (rest.length) {
    groups.push(h('details', { class: 'record-group' }, h('summary', {}, t('case.otherFields')),
      fieldsView([], Object.fromEntries(rest.map((k) => [k, data[k]])), { agencyLabel })));
  }
  return section('case-record', t('case.record'), groups.length ? groups : h('p', { class: 'muted' }, t('common.empty')));
}

function planPanel(c, def, agencyLabel) {
  const data = c.data ?? {};
  const index = fieldIndex(def);
  const roles = Array.isArray(data.plan_roles) ? data.plan_roles : [];
  if (!hasValue(data.plan_goals) && !roles.length && !hasValue(data.lead_agency)) {
    return section('case-plan', t('case.plan'), h('p', { class: 'muted' }, t('case.noPlan')));
  }
  return section('case-plan', t('case.plan'),
    h('dl', { class: 'facts' },
      hasValue(data.plan_goals) ? [h('dt', {}, t('case.goals')), h('dd', { class: 'pre' }, data.plan_goals)] : null,
      [h('dt', {}, t('case.lead')), h('dd', {}, data.lead_agency ? agencyLabel(data.lead_agency) : t('case.leadNone'))],
      hasValue(data.plan_status) ? [h('dt', {}, t('case.planStatus')), h('dd', {}, displayValue(index.get('plan_status'), data.plan_status))] : null),
    roles.length ? h('h3', { class: 'sub' }, t('case.roles')) : null,
    roles.length ? h('ul', { class: 'plan-roles', 'aria-label': t('case.roles') }, roles.map((r) =>
      h('li', {}, h('span', { class: 'plan-agency' }, agencyLabel(r.agency)), h('span', { class: 'plan-role' }, r.role ?? '')))) : null);
}

function meetingsPanel(meetings, def, agencyLabel) {
  if (!meetings.length) return section('case-meetings', t('case.meetings'), h('p', { class: 'muted' }, t('case.noMeetings')));
  return section('case-meetings', t('case.meetings'), [...meetings].reverse().map((m) => {
    const spec = def?.meetings?.find((x) => x.id === m.meeting);
    const form = spec ? findForm(def, spec.form) : null;
    const fields = [...(form?.fields ?? []), ...fieldIndex(def).values()];
    return h('article', { class: 'meeting' },
      h('h3', { class: 'sub' }, label(m.label, m.meeting), ' ',
        m.restricted ? badge(t('case.restricted'), 'warn') : null),
      h('p', { class: 'muted small' }, formatDateTime(m.at)),
      fieldsView(fields, m.record, { agencyLabel }));
  }));
}

function tasksPanel(tasks, agencyLabel) {
  const now = Date.now();
  if (!tasks.length) return section('case-tasks', t('case.tasks'), h('p', { class: 'muted' }, t('case.noTasks')));
  const sorted = [...tasks].sort((a, b) => Number(b.open) - Number(a.open) || b.id - a.id);
  return section('case-tasks', t('case.tasks'), h('ul', { class: 'task-list' }, sorted.map((task) => {
    const overdue = task.open && task.due_at && Date.parse(task.due_at) < now;
    return h('li', { class: task.open ? (overdue ? 'overdue' : '') : 'done' },
      h('span', { class: 'task-title' }, labelOf(task.title, task.kind)),
      h('span', { class: 'task-meta' },
        task.open ? badge(t('case.open'), 'warn') : badge(t('case.closedOn', { date: formatDate(task.closed_at) }), 'muted'),
        overdue ? badge(t('case.overdue'), 'danger') : null,
        task.due_at ? h('span', {}, `${t('case.due')} ${formatDate(task.due_at)}`) : null,
        h('span', { class: 'muted' }, agencyLabel(task.agency))));
  })));
}

function membersPanel(members, agencyLabel) {
  const byAgency = new Map();
  for (const m of members) {
    if (!byAgency.has(m.agency)) byAgency.set(m.agency, { label: m.label, relations: [] });
    byAgency.get(m.agency).relations.push(m.relation);
  }
  if (!byAgency.size) return section('case-members', t('case.members'), h('p', { class: 'muted' }, t('case.noMembers')));
  return section('case-members', t('case.members'), h('ul', { class: 'members' }, [...byAgency].map(([agency, m]) =>
    h('li', {}, h('span', { class: 'member-name' }, label(m.label, agencyLabel(agency))),
      h('span', { class: 'member-relations' }, m.relations.map((r) => badge(relationLabel(r), 'muted')))))));
}

// "meeting:shien_kaigi" is attendance at that meeting; "parent:meeting:…" an
// attendance at the parent case's meeting, which shows nothing of this case.
function relationLabel(relation) {
  const known = (r) => {
    const text = t(`relation.${r}`);
    return text === `relation.${r}` ? r : text;
  };
  if (relation.startsWith('parent:meeting:')) return `${t('relation.parentMeeting')}: ${known(relation.slice(15))}`;
  if (relation.startsWith('meeting:')) return `${known(relation.slice(8))}${t('relation.attended')}`;
  return known(relation);
}

async function childrenPanel(ids) {
  if (!ids?.length) return section('case-children', t('case.children'), h('p', { class: 'muted' }, t('case.noChildren')));
  const children = await Promise.all(ids.slice(0, 20).map((id) => api('GET', `/cases/${id}`).catch(() => ({ id, hidden: true }))));
  return section('case-children', t('case.children'), h('ul', { class: 'children' }, children.map((child) =>
    h('li', {}, h('a', { href: `#/cases/${child.id}` }, `#${child.id}`), ' ',
      child.hidden ? h('span', { class: 'muted' }, t('case.childHidden'))
        : [label(child.workflow_title, child.workflow), ' ', badge(label(child.state.label, child.state.id), child.state.final ? 'muted' : '')]))));
}

/**
 * Whether filling in `form` may answer a refusal `reason`: the form has an
 * empty field, and the reason shares a run of four characters with the form's
 * or a field's Japanese label (e.g. 本人同意, スクリーニング).
 */
function formMayAnswer(reason, form, data) {
  if (!form.fields.some((f) => !hasValue(data[f.id]) && data[f.id] !== false)) return false;
  const words = (text) => String(text ?? '').replace(/[（）()「」『』、。・／/\s:：]/g, ' ');
  const labels = [form.label, ...form.fields.map((f) => f.label)].map((l) => words(l?.ja ?? l));
  const text = words(reason);
  for (let i = 0; i + 4 <= text.length; i += 1) {
    const run = text.slice(i, i + 4);
    if (!run.includes(' ') && labels.some((l) => l.includes(run))) return true;
  }
  return false;
}

/** The action list and, below it, the form of the action being taken. */
function actionsPanel(c, actionList, def, agencies, { reload }) {
  const holder = h('div', { class: 'action-form-holder' });
  const data = c.data ?? {};
  let openButton = null;

  function openAction(action, button) {
    const tr = transitionFor(def, c.state.id, action.event);
    const form = action.form ? findForm(def, action.form) : null;
    const isMeetingForm = Boolean(form && def?.meetings?.some((m) => m.form === form.id));
    // A transition's own form (or a meeting's) is a new record: blank, sent
    // whole. The state's form is the case's sheet: pre-filled, changes only.
    const newRecord = Boolean(tr?.form) || isMeetingForm;
    const requiredApplies = Boolean(action.to) || Boolean(tr?.form);
    const built = form ? buildForm(form, { initial: newRecord ? {} : data, agencies, required: requiredApplies }) : null;
    const message = h('div', { class: 'error-box', role: 'alert', hidden: true, tabindex: '-1' });
    const submit = h('button', { type: 'submit', class: 'primary' }, t('case.submit'));
    let key = newIdempotencyKey();
    const titleId = `action-${action.event}-title`;
    const formEl = h('form', { class: 'action-form', id: 'action-form', novalidate: true, 'aria-labelledby': titleId,
      dataset: { event: action.event },
      onsubmit: async (event) => {
        event.preventDefault();
        message.hidden = true;
        if (built && built.validate()) return;
        const payload = built ? built.payload(newRecord ? {} : { baseline: data }) : {};
        submit.disabled = true;
        submit.textContent = t('case.sending');
        try {
          const result = await api('POST', `/cases/${c.id}/events`, {
            body: { event: action.event, payload, expected_version: c.version },
            headers: { 'Idempotency-Key': key },
          });
          const lines = [result.replayed ? t('case.replayed') : t('case.done', { action: label(action.label, action.event) })];
          if (result.spawned?.length) lines.push(t('case.spawned', { ids: result.spawned.map((id) => `#${id}`).join(' ') }));
          flash = { kind: 'ok', text: lines.join(' ') };
          toast(lines[0]);
          await reload();
          return;
        } catch (error) {
          if (error instanceof TypeError) {
            // Nothing came back: the retry reuses the key, so it cannot record twice.
            message.textContent = t('case.network');
          } else {
            key = newIdempotencyKey();
            if (error.status === 409) {
              flash = { kind: 'error', text: t('case.conflict') };
              await reload();
              return;
            }
            if (error.status === 422) {
              message.textContent = t('case.denied', { reason: error.problem?.detail ?? error.message });
            } else {
              if (error.status === 400) built?.showServerError(error.problem?.detail);
              message.textContent = errorText(error);
            }
          }
          message.hidden = false;
          message.focus();
        } finally {
          submit.disabled = false;
          submit.textContent = t('case.submit');
        }
      } },
    h('h3', { id: titleId }, label(action.label, action.event)),
    h('p', { class: 'muted small' }, action.to ? t('case.toState', { state: stateLabel(def, action.to) }) : t('case.staysInState')),
    form ? h('p', { class: 'form-name' }, label(form.label, form.id)) : null,
    built ? built.element : null,
    message,
    h('div', { class: 'form-buttons' }, submit,
      h('button', { type: 'button', onclick: () => { replace(holder); openButton?.focus(); } }, t('common.cancel'))));
    openButton = button;
    replace(holder, formEl);
    if (built) built.focusFirst();
    else submit.focus();
    formEl.scrollIntoView({ block: 'nearest' });
  }

  if (!actionList.length) {
    return section('case-actions', t('case.actions'), h('p', { class: 'muted' }, t('case.noActions')));
  }
  const items = actionList.map((action) => {
    const reasonId = `reason-${action.event}`;
    if (action.allowed) {
      const button = h('button', { type: 'button', class: 'primary action-button', dataset: { event: action.event },
        onclick: () => openAction(action, button) }, label(action.label, action.event));
      return h('li', { class: 'action' }, button,
        h('span', { class: 'muted small' }, action.to ? `→ ${stateLabel(def, action.to)}` : t('case.staysInState')));
    }
    // The server checks guards against the recorded data only, so an action
    // whose own form would supply what is missing shows as refused. Offer the
    // form when the reason speaks of something the form asks for.
    const form = action.form ? findForm(def, action.form) : null;
    const canTry = form && formMayAnswer(action.reason, form, data);
    const tryButton = canTry ? h('button', { type: 'button', class: 'small-button try-form', dataset: { event: action.event },
      onclick: () => openAction(action, tryButton) }, t('case.tryForm', { form: label(form.label, form.id) })) : null;
    return h('li', { class: 'action disallowed' },
      h('button', { type: 'button', class: 'action-button', disabled: true, 'aria-describedby': reasonId,
        dataset: { event: action.event } }, label(action.label, action.event)),
      h('span', { class: 'reason', id: reasonId }, t('case.reason', { reason: action.reason || '—' })),
      tryButton ? h('span', { class: 'try' }, tryButton, h('span', { class: 'muted small' }, t('case.tryFormNote'))) : null);
  });
  return section('case-actions', t('case.actions'), h('ul', { class: 'actions' }, items), holder);
}

// The shell does not cancel a page that is still loading when another one
// is opened, so a page claims the main element and draws only while it holds it.
function claim(root) {
  const token = `${window.location.hash}|${Math.random()}`;
  root.dataset.view = token;
  return () => root.dataset.view === token && token.startsWith(`${window.location.hash}|`);
}

export async function render(root, params, ctx) {
  const shown = claim(root);
  const id = params.id;
  replace(root, pageHeader(t('case.title', { id })), loading());
  const c = await api('GET', `/cases/${encodeURIComponent(id)}`);
  const full = c.visibility === 'full';
  const empty = (key) => Promise.resolve({ [key]: [] });
  const [def, actions, history, tasks, meetings, directory] = await Promise.all([
    definitionOf(c.workflow, c.definition_version),
    full ? api('GET', `/cases/${c.id}/actions`) : Promise.resolve({ actions: [], version: c.version }),
    api('GET', `/cases/${c.id}/history`),
    full ? api('GET', `/cases/${c.id}/tasks`) : empty('tasks'),
    api('GET', `/cases/${c.id}/meetings`).catch(() => ({ meetings: [] })),
    api('GET', '/agencies').catch(() => ({ agencies: [] })),
  ]);
  // Events recorded under another version of the definition are labelled by it.
  const defsByVersion = new Map([[c.definition_version, def]]);
  for (const version of new Set(history.events.map((e) => e.definition_version))) {
    if (version && !defsByVersion.has(version)) {
      defsByVersion.set(version, await definitionOf(c.workflow, version).catch(() => def));
    }
  }
  const agencyNames = new Map();
  for (const a of [...directory.agencies, ...(def.agencies ?? [])]) agencyNames.set(a.id, a.label);
  const agencyLabel = (agencyId) => (agencyNames.has(agencyId) ? label(agencyNames.get(agencyId), agencyId) : String(agencyId));
  const agencies = [...agencyNames].map(([agencyId, name]) => ({ id: agencyId, label: name }));
  const reload = () => render(root, params, ctx);

  const note = flash ? h('div', { class: flash.kind === 'ok' ? 'ok-box' : 'error-box', role: 'status', id: 'case-flash' }, flash.text) : null;
  flash = null;
  const children = await childrenPanel(c.children);
  if (!shown()) return;
  replace(root,
    pageHeader(t('case.title', { id: c.id }), h('a', { href: '#/cases', class: 'button' }, t('case.back'))),
    note,
    headerPanel(c, agencyLabel),
    h('div', { class: 'case-layout' },
      h('div', { class: 'case-main' },
        full ? actionsPanel(c, actions.actions, def, agencies, { reload }) : null,
        section('case-timeline', t('case.timeline'), timeline(history.events, defsByVersion, { def, agencyLabel })),
        recordPanel(c, def, agencyLabel)),
      h('div', { class: 'case-side' },
        planPanel(c, def, agencyLabel),
        meetingsPanel(meetings.meetings, def, agencyLabel),
        full ? tasksPanel(tasks.tasks, agencyLabel) : null,
        membersPanel(c.members ?? [], agencyLabel),
        children)));
  if (note) note.scrollIntoView({ block: 'nearest' });
}

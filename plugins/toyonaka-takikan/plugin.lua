-- toyonaka-takikan: 豊中市 多機関協働推進事業の運用ルール
-- Rules of Toyonaka's in-house multi-agency collaboration that are local to
-- the city: the secretariat (多機関協働事業事務局) gathers the members a case
-- needs and assesses it with the referring agency; the merged meeting
-- (多機関協働推進会議, 設置要綱) is convened by the 統括者 from the members of
-- its 別表, others only when the 統括者 admits them (第4条); resource gaps go
-- to the 豊中市地域包括ケアシステム推進総合会議, not to the case meeting; cases
-- of an existing statutory council stay with it. Agency ids and names are
-- configuration, so a renamed division only changes the workflow file.

local function fail(fn, message) error("toyonaka-takikan." .. fn .. ": " .. message, 0) end

-- Rejects unknown or mistyped call arguments. `spec` maps name -> Lua type.
local function check_args(fn, args, spec)
  for key, value in pairs(args) do
    local want = spec[key]
    if want == nil then fail(fn, "unknown argument '" .. tostring(key) .. "'") end
    if type(value) ~= want then
      fail(fn, "argument '" .. key .. "' must be a " .. want .. ", got " .. type(value))
    end
  end
end

local function has_value(v)
  if v == nil or v == "" then return false end
  if type(v) == "table" then return next(v) ~= nil end
  return true
end

-- The rows of a records field (an empty list when absent).
local function rows_of(fn, case, field)
  local rows = case.data[field]
  if rows == nil then return {} end
  if type(rows) ~= "table" then fail(fn, "field '" .. field .. "' must hold records") end
  return rows
end

-- The agency ids named in a records field, in order, without repeats.
local function agencies_in(fn, case, field, column)
  local out, seen = {}, {}
  for _, row in ipairs(rows_of(fn, case, field)) do
    local agency = type(row) == "table" and row[column] or nil
    if type(agency) == "string" and agency ~= "" and not seen[agency] then
      seen[agency] = true
      out[#out + 1] = agency
    end
  end
  return out
end

-- "名称（id）" for messages: the configured name when known.
local function named(names, agency)
  local name = names[agency]
  if name then return name end
  return agency
end

local agency_names = { type = "map", values = { type = "string" }, default = {},
                       description = { ja = "その他の機関の名称（理由の表示用）: 機関ID → 名称",
                                       en = "names of other agencies, for reasons" } }

return {
  name = "toyonaka-takikan",
  version = "1.0.0",
  description = { ja = "豊中市 多機関協働推進事業（事務局・多機関協働推進会議・資源の欠損の報告）",
                  en = "Toyonaka multi-agency collaboration: secretariat, merged meeting, resource gaps" },

  config = {
    meeting_name = { type = "string", default = "豊中市多機関協働推進会議",
                     description = { ja = "会議の表示名（記録と理由に使う）", en = "display name of the meeting" } },
    meeting_members = { type = "map", values = { type = "string" }, required = true,
                        description = { ja = "会議の構成員（要綱 別表）: 機関ID → 名称",
                                        en = "members of the meeting (別表): agency id -> name" } },
    secretariat = { type = "map", values = { type = "string" }, required = true,
                    description = { ja = "多機関協働事業事務局の構成課: 機関ID → 名称",
                                    en = "secretariat divisions: agency id -> name" } },
    other_names = agency_names,
    attendees_field = { type = "string", default = "meeting_attendees" },
    admitted_column = { type = "string", default = "admitted" },
    meeting_date_field = { type = "string", default = "meeting_date" },
    secretariat_field = { type = "string", default = "secretariat_members" },
    referrer_field = { type = "string", default = "referring_agency" },
    inputs_field = { type = "string", default = "agency_inputs" },
    meeting_requires_consent = { type = "boolean", default = false,
                                 description = { ja = "会議に本人同意を必要とする", en = "the meeting needs consent" } },
    consent_field = { type = "string", default = "consent_share" },
    resource_gaps = { type = "map", required = true, fields = {
      agency = { type = "string", required = true,
                 description = { ja = "社会資源の欠損を検討する会議体（機関ID）", en = "policy body (agency id)" } },
      name = { type = "string", required = true },
      field = { type = "string", default = "resource_gaps" },
      description_column = { type = "string", default = "description" },
      escalate_column = { type = "string", default = "escalate_to" },
      kind = { type = "string", default = "resource_gap" },
    } },
    existing_body = { type = "map", default = {}, fields = {
      field = { type = "string", default = "existing_council",
                description = { ja = "既存の会議体（選択肢IDが機関ID）", en = "choice field; choice ids are agency ids" } },
      none_value = { type = "string", default = "none" },
    } },
  },

  guards = {
    -- toyonaka-takikan.attendees_allowed: every attendee is a member of the
    -- meeting (別表) or was admitted by the 統括者 (要綱 第4条第2項). An empty
    -- list passes: the form's required field reports it.
    attendees_allowed = function(case, ctx)
      check_args("attendees_allowed", ctx.args, {})
      local c = ctx.config
      for _, row in ipairs(rows_of("attendees_allowed", case, c.attendees_field)) do
        local agency = type(row) == "table" and row.agency or nil
        if type(agency) ~= "string" or agency == "" then
          return false, c.meeting_name .. "の出席者に機関が記録されていない行があります"
        end
        if c.meeting_members[agency] == nil and row[c.admitted_column] ~= true then
          return false, named(c.other_names, agency) .. "は" .. c.meeting_name ..
                        "の構成員（別表）ではありません。別表以外の関係者は統括者が必要と認めた場合のみ参加できます（要綱第4条第2項）"
        end
      end
      return true
    end,

    -- toyonaka-takikan.secretariat_selected { allow_empty? }: the 事務局担当者
    -- has gathered the secretariat members the case concerns, all of them from
    -- the secretariat. allow_empty: only check those listed (while selecting).
    secretariat_selected = function(case, ctx)
      check_args("secretariat_selected", ctx.args, { allow_empty = "boolean" })
      local c = ctx.config
      local agencies = agencies_in("secretariat_selected", case, c.secretariat_field, "agency")
      if #agencies == 0 and not ctx.args.allow_empty then
        return false, "案件に関わる事務局メンバーが選定されていません（多機関協働事業事務局担当者が参集します）"
      end
      for _, agency in ipairs(agencies) do
        if c.secretariat[agency] == nil then
          return false, named(c.other_names, agency) .. "は多機関協働事業事務局の構成課ではありません"
        end
      end
      return true
    end,

    -- toyonaka-takikan.assessed_with_referrer: the assessment holds input from
    -- the referring agency (つなぎ元の機関からのアセスメント).
    assessed_with_referrer = function(case, ctx)
      check_args("assessed_with_referrer", ctx.args, {})
      local c = ctx.config
      local referrer = case.data[c.referrer_field]
      if not has_value(referrer) then return false, "つなぎ元の機関が記録されていません" end
      for _, agency in ipairs(agencies_in("assessed_with_referrer", case, c.inputs_field, "agency")) do
        if agency == referrer then return true end
      end
      local name = named(c.secretariat, referrer)
      if name == referrer then name = named(c.other_names, referrer) end
      return false, "つなぎ元の機関（" .. name .. "）からのアセスメントが記録されていません"
    end,

    -- toyonaka-takikan.meeting_consent: the person's consent, only when the
    -- town requires it for the meeting (meeting_requires_consent).
    meeting_consent = function(case, ctx)
      check_args("meeting_consent", ctx.args, {})
      local c = ctx.config
      if not c.meeting_requires_consent or case.data[c.consent_field] == true then return true end
      return false, "本人同意が記録されていないため" .. c.meeting_name .. "に諮れません"
    end,
  },

  actions = {
    -- toyonaka-takikan.record_meeting: the attendees become members (relation,
    -- default meeting) and the decision 'meeting' records the meeting's name,
    -- who convened it, its date, the attendees and those admitted as non-members.
    record_meeting = function(case, ctx)
      check_args("record_meeting", ctx.args, { relation = "string" })
      local c = ctx.config
      local relation = ctx.args.relation or "meeting"
      local attendees, admitted = {}, {}
      for _, row in ipairs(rows_of("record_meeting", case, c.attendees_field)) do
        local agency = type(row) == "table" and row.agency or nil
        if type(agency) == "string" and agency ~= "" then
          attendees[#attendees + 1] = agency
          if c.meeting_members[agency] == nil then admitted[#admitted + 1] = agency end
          ctx:add_member(agency, relation)
        end
      end
      ctx:decide("meeting", { name = c.meeting_name, convened_by = ctx.actor.agency, convener_role = ctx.actor.role,
                              date = case.data[c.meeting_date_field], attendees = attendees, admitted = admitted })
    end,

    -- toyonaka-takikan.escalate_resource_gaps: each gap not yet escalated is
    -- routed to the policy body (resource_gaps.agency): its row records the
    -- body's name, the body gets a task, and the decision 'resource_gaps'
    -- lists every gap. The case meeting itself develops no resource.
    escalate_resource_gaps = function(case, ctx)
      check_args("escalate_resource_gaps", ctx.args, {})
      local g = ctx.config.resource_gaps
      local rows = rows_of("escalate_resource_gaps", case, g.field)
      if #rows == 0 then return end
      local updated, listed, changed = {}, {}, false
      for i, row in ipairs(rows) do
        local copy = {}
        for k, v in pairs(row) do copy[k] = v end
        if not has_value(copy[g.escalate_column]) then
          copy[g.escalate_column] = g.name
          changed = true
          ctx:task{ kind = g.kind, agency = g.agency,
                    title = { ja = "社会資源の欠損（" .. tostring(copy[g.description_column]) ..
                                   "）：充足状況の把握と開発に向けた検討",
                              en = "Resource gap: review and development" } }
        end
        updated[i] = copy
        listed[i] = { description = copy[g.description_column], escalate_to = copy[g.escalate_column] }
      end
      if changed then ctx:set(g.field, updated) end
      ctx:decide("resource_gaps", listed)
    end,

    -- toyonaka-takikan.existing_body { relation }: the existing statutory
    -- council named on the referral (要保護児童対策地域協議会, 生活困窮者
    -- 支援会議) becomes a member with `relation`; nothing when there is none.
    existing_body = function(case, ctx)
      check_args("existing_body", ctx.args, { relation = "string" })
      local e = ctx.config.existing_body
      local body = case.data[e.field]
      if not has_value(body) or body == e.none_value then return end
      if type(body) ~= "string" then fail("existing_body", "field '" .. e.field .. "' must hold a choice id") end
      local relation = ctx.args.relation
      if relation == nil or relation == "" then fail("existing_body", "argument 'relation' is required") end
      ctx:add_member(body, relation)
      ctx:decide("existing_body", { agency = body, relation = relation })
    end,

    -- toyonaka-takikan.row_tasks { field, kind, title, role?, relation? }:
    -- a task for every agency named in a records field (column agency), and
    -- membership with `relation` when given.
    row_tasks = function(case, ctx)
      check_args("row_tasks", ctx.args, { field = "string", kind = "string", title = "string", role = "string",
                                          relation = "string" })
      local a = ctx.args
      if a.field == nil or a.kind == nil or a.title == nil then
        fail("row_tasks", "arguments 'field', 'kind' and 'title' are required")
      end
      for _, agency in ipairs(agencies_in("row_tasks", case, a.field, "agency")) do
        ctx:task{ kind = a.kind, agency = agency, role = a.role, title = a.title }
        if a.relation then ctx:add_member(agency, a.relation) end
      end
    end,

    -- toyonaka-takikan.close_tasks { kind }: closes the case's open tasks of a
    -- kind that only plugin actions create.
    close_tasks = function(case, ctx)
      check_args("close_tasks", ctx.args, { kind = "string" })
      if ctx.args.kind == nil then fail("close_tasks", "argument 'kind' is required") end
      ctx:close_tasks(ctx.args.kind)
    end,

    -- toyonaka-takikan.discoverer { field, relation? }: the acting agency is the
    -- one that discovered the person (緊急対応): recorded in `field`, made a
    -- member (relation, default discoverer), decision 'emergency'.
    discoverer = function(case, ctx)
      check_args("discoverer", ctx.args, { field = "string", relation = "string" })
      local field = ctx.args.field
      if field == nil then fail("discoverer", "argument 'field' is required") end
      local agency = ctx.actor.agency
      if agency == nil or agency == "" then fail("discoverer", "the actor has no agency") end
      ctx:set(field, agency)
      ctx:add_member(agency, ctx.args.relation or "discoverer")
      ctx:decide("emergency", { agency = agency, urgency = case.data.urgency })
    end,
  },
}

-- components: 事業の実施状況（実施／未実施、開始日・終了日、圏域ごとの例外）
-- Which components of 重層的支援体制整備事業 a town runs is configuration:
-- Sakata ran only 多機関協働 in FY2023, from 1 September citywide but earlier
-- in the にいだ model area. Dates are compared with the event's date
-- (kasane.today()), never the server clock, so scenarios are repeatable.

local function fail(fn, message) error("components." .. fn .. ": " .. message, 0) end

local function check_date(fn, value, where)
  if value ~= nil and (type(value) ~= "string" or not value:match("^%d%d%d%d%-%d%d%-%d%d$")) then
    fail(fn, where .. ": expected a date YYYY-MM-DD, got '" .. tostring(value) .. "'")
  end
end

-- The rule that applies to `component` for the case's area: the area's
-- exception when one is configured, otherwise the component's own rule.
local function rule_for(fn, case, c, component)
  local entry = c.components[component]
  if entry == nil then
    local known = {}
    for id in pairs(c.components) do known[#known + 1] = id end
    table.sort(known)
    fail(fn, "unknown component '" .. component .. "' (configured: " .. table.concat(known, ", ") .. ")")
  end
  local label = entry.label or component
  local rule, where = entry, "components." .. component
  local area = case.data[c.area_field]
  if type(area) == "string" and entry.areas and entry.areas[area] then
    rule, where = entry.areas[area], where .. ".areas." .. area
  end
  check_date(fn, rule.from, where .. ".from")
  check_date(fn, rule["until"], where .. ".until")
  return rule, label
end

-- nil when the component runs today, else the reason it does not.
local function closed_reason(fn, case, ctx, component, opening)
  local rule, label = rule_for(fn, case, ctx.config, component)
  local today = kasane.today()
  if rule.enabled == false then return label .. "は実施されていません" end
  if rule.from and today < rule.from then
    if opening then return label .. "の受付は" .. rule.from .. "から開始します（" .. today .. "時点では受付できません）" end
    return label .. "は" .. rule.from .. "から実施します（" .. today .. "時点では未実施）"
  end
  if rule["until"] and today > rule["until"] then
    return label .. "は" .. rule["until"] .. "で終了しています"
  end
  return nil
end

-- args.component (required for enabled; defaults to intake_component for open_for_intake).
local function component_arg(fn, ctx, default)
  for key in pairs(ctx.args) do
    if key ~= "component" then fail(fn, "unknown argument '" .. tostring(key) .. "'") end
  end
  local component = ctx.args.component or default
  if type(component) ~= "string" or component == "" then
    fail(fn, "argument 'component' (a string) is required")
  end
  return component
end

-- The plan's rows that name a component that does not run today, as reasons.
-- A row's component is its `component_column` value, else the component the
-- `agencies` map gives its agency; a true flag field names a component too.
local function plan_reasons(case, ctx)
  local p = ctx.config.plan or {}
  local roles_field = p.roles_field or "plan_roles"
  local agency_column = p.agency_column or "agency"
  local component_column = p.component_column or "component"
  local agencies, flags = p.agencies or {}, p.flags or {}
  local reasons, seen = {}, {}
  local function check(component, where)
    local reason = closed_reason("plan_enabled", case, ctx, component, false)
    if reason and not seen[component .. where] then
      seen[component .. where] = true
      reasons[#reasons + 1] = reason .. "（" .. where .. "）"
    end
  end
  local rows = case.data[roles_field]
  if type(rows) == "table" then
    for _, row in ipairs(rows) do
      if type(row) == "table" then
        local agency = row[agency_column]
        local component = row[component_column]
        if type(component) ~= "string" or component == "" then
          component = type(agency) == "string" and agencies[agency] or nil
        end
        if component then check(component, "役割分担：" .. tostring(agency or "")) end
      end
    end
  end
  local flag_ids = {}
  for field in pairs(flags) do flag_ids[#flag_ids + 1] = field end
  table.sort(flag_ids)
  for _, field in ipairs(flag_ids) do
    if case.data[field] == true then check(flags[field], field) end
  end
  return reasons
end

local window = {
  enabled = { type = "boolean", default = true },
  from = { type = "string", description = { ja = "実施開始日 YYYY-MM-DD", en = "first day" } },
  ["until"] = { type = "string", description = { ja = "実施終了日 YYYY-MM-DD（この日まで）", en = "last day" } },
}

local component_entry = {
  type = "map",
  fields = {
    label = { type = "string", description = { ja = "事業名（理由の表示に使う）", en = "name shown in reasons" } },
    enabled = window.enabled,
    from = window.from,
    ["until"] = window["until"],
    areas = { type = "map", values = { type = "map", fields = window },
              description = { ja = "圏域ごとの例外（モデル圏域など）", en = "per-area exceptions" } },
  },
}

return {
  name = "components",
  version = "1.1.0",
  description = { ja = "事業の実施状況と開始日による受付の制御", en = "Enabled components and date gating" },

  config = {
    components = { type = "map", values = component_entry, required = true,
                   description = { ja = "事業ID → 実施状況", en = "component id -> status" } },
    area_field = { type = "string", default = "area",
                   description = { ja = "ケースの圏域を持つ項目", en = "case field holding the area" } },
    intake_component = { type = "string", default = "takikan",
                         description = { ja = "open_for_intake が見る事業", en = "component open_for_intake checks" } },
    plan = { type = "map", default = {},
             description = { ja = "plan_enabled が見る支援プランの項目と、機関・項目 → 事業の対応",
                             en = "plan fields plan_enabled checks, and agency/flag -> component" },
             fields = {
               roles_field = { type = "string", default = "plan_roles" },
               agency_column = { type = "string", default = "agency" },
               component_column = { type = "string", default = "component",
                                    description = { ja = "行ごとの事業ID（任意の列）", en = "optional per-row component id" } },
               agencies = { type = "map", values = { type = "string" }, default = {},
                            description = { ja = "機関ID → その機関が担う事業ID", en = "agency id -> component id" } },
               flags = { type = "map", values = { type = "string" }, default = {},
                         description = { ja = "真偽値の項目 → 事業ID（true のとき実施が必要）", en = "boolean field -> component id" } },
             } },
  },

  guards = {
    -- components.enabled { component: x }: the component runs today.
    enabled = function(case, ctx)
      local reason = closed_reason("enabled", case, ctx, component_arg("enabled", ctx, nil), false)
      if reason then return false, reason end
      return true
    end,

    -- components.plan_enabled: every component the plan assigns a role to runs today.
    plan_enabled = function(case, ctx)
      if next(ctx.args) ~= nil then fail("plan_enabled", "takes no arguments") end
      local reasons = plan_reasons(case, ctx)
      if #reasons == 0 then return true end
      return false, "支援プランに未実施の事業が含まれています：" .. table.concat(reasons, "／")
    end,

    -- components.open_for_intake: the intake component (多機関協働) accepts cases today.
    open_for_intake = function(case, ctx)
      local component = component_arg("open_for_intake", ctx, ctx.config.intake_component)
      local reason = closed_reason("open_for_intake", case, ctx, component, true)
      if reason then return false, reason end
      return true
    end,
  },
}

-- main_holder: 主担当と役割分担
-- After the meeting agrees the plan's role split, one agency is the 主担当
-- (lead, Fussa) and every agency with a plan role delivers support and does its
-- own case management (Sakata: tasks go to the agencies, not the coordinator).

local function fail(fn, message) error("main_holder." .. fn .. ": " .. message, 0) end

-- The agencies of the plan's role split, in order, without repeats.
local function plan_agencies(case, c)
  local rows = case.data[c.roles_field]
  local out, seen = {}, {}
  if type(rows) ~= "table" then return out end
  for _, row in ipairs(rows) do
    local agency = type(row) == "table" and row[c.agency_column] or nil
    if type(agency) == "string" and agency ~= "" and not seen[agency] then
      seen[agency] = true
      out[#out + 1] = agency
    end
  end
  return out
end

-- The role text the plan gives `agency`, or nil.
local function role_of(case, c, agency)
  for _, row in ipairs(case.data[c.roles_field] or {}) do
    if type(row) == "table" and row[c.agency_column] == agency then return row[c.role_column] end
  end
  return nil
end

local task_entry = {
  type = "map",
  fields = {
    kind = { type = "string", required = true },
    title = { type = "string", required = true },
    to = { type = "enum", one_of = { "plan_agencies", "lead", "agency" }, default = "plan_agencies",
           description = { ja = "宛先：プランの各機関／主担当／指定の機関", en = "each plan agency, the lead, or `agency`" } },
    agency = { type = "string", description = { ja = "to: agency のときの機関ID", en = "agency id when to = agency" } },
    role = { type = "string", default = "support_agency" },
    due_business_days = { type = "integer" },
  },
}

return {
  name = "main_holder",
  version = "1.1.0",
  description = { ja = "主担当の確認と、役割分担に応じた機関への割り当て",
                  en = "Checks the lead agency and assigns the plan's agencies" },

  config = {
    lead_field = { type = "string", default = "lead_agency" },
    lead_required = { type = "boolean", default = true,
                      description = { ja = "支援開始前に主担当の設定を必須とする（false：任意。ただし役割分担は必要）",
                                      en = "support needs a lead (false: optional, but the plan needs a role split)" } },
    roles_field = { type = "string", default = "plan_roles" },
    agency_column = { type = "string", default = "agency" },
    role_column = { type = "string", default = "role" },
    lead_relation = { type = "string", default = "lead" },
    member_relation = { type = "string", default = "assigned" },
    status_field = { type = "string", default = "plan_status" },
    decided_status = { type = "string", default = "decided" },
    tasks = { type = "list", items = task_entry,
              default = { { kind = "support", title = "支援の実施（役割分担に基づく）", to = "plan_agencies" },
                          { kind = "monitoring", title = "モニタリング（ケース管理）", to = "plan_agencies" } },
              description = { ja = "プラン決定時に作るタスク", en = "tasks created when the plan is decided" } },
  },

  guards = {
    -- main_holder.set: a 主担当 is recorded and has a role in the plan.
    set = function(case, ctx)
      if next(ctx.args) ~= nil then fail("set", "takes no arguments") end
      local c = ctx.config
      local lead = case.data[c.lead_field]
      local agencies = plan_agencies(case, c)
      if lead == nil or lead == "" then
        if c.lead_required then return false, "主担当が設定されていないため支援を開始できません" end
        if #agencies == 0 then return false, "支援プランの役割分担に機関が記録されていないため支援を開始できません" end
        return true
      end
      for _, agency in ipairs(agencies) do
        if agency == lead then return true end
      end
      return false, "主担当（" .. tostring(lead) .. "）が支援プランの役割分担に含まれていません"
    end,
  },

  actions = {
    -- main_holder.assign: lead and plan agencies become members; configured
    -- tasks go to them; the plan status becomes decided.
    assign = function(case, ctx)
      if next(ctx.args) ~= nil then fail("assign", "takes no arguments") end
      local c = ctx.config
      local lead = case.data[c.lead_field]
      if lead == "" then lead = nil end
      if lead == nil and c.lead_required then
        fail("assign", "no lead agency in '" .. c.lead_field .. "' (guard with main_holder.set)")
      end
      local agencies = plan_agencies(case, c)
      if lead then ctx:add_member(lead, c.lead_relation) end
      for _, agency in ipairs(agencies) do ctx:add_member(agency, c.member_relation) end
      for i, t in ipairs(c.tasks) do
        local targets
        if t.to == "plan_agencies" then
          targets = agencies
        elseif t.to == "lead" then
          targets = { lead }   -- empty when no lead is set (lead_required = false)
        else
          if t.agency == nil then fail("assign", "tasks[" .. i .. "]: to = agency needs 'agency'") end
          targets = { t.agency }
        end
        local due = nil
        if t.due_business_days then due = kasane.add_business_days(kasane.today(), t.due_business_days) end
        for _, agency in ipairs(targets) do
          local role = role_of(case, c, agency)
          local title = t.title
          if t.to == "plan_agencies" and type(role) == "string" and role ~= "" then
            title = title .. "：" .. role
          end
          ctx:task{ kind = t.kind, agency = agency, role = t.role, title = title, due = due }
        end
      end
      ctx:set(c.status_field, c.decided_status)
      if lead then ctx:decide("main_holder", lead) end
      ctx:decide("plan_status", c.decided_status)
    end,

    -- main_holder.status: sets the plan status (args.value), e.g. ended at closure.
    status = function(case, ctx)
      for key in pairs(ctx.args) do
        if key ~= "value" then fail("status", "unknown argument '" .. tostring(key) .. "'") end
      end
      local value = ctx.args.value
      if type(value) ~= "string" or value == "" then fail("status", "argument 'value' (a string) is required") end
      ctx:set(ctx.config.status_field, value)
      ctx:decide("plan_status", value)
    end,
  },
}

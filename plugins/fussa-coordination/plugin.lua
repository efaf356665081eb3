-- fussa-coordination: 福生市の断らない相談窓口と重層的支援会議の決まりごと
-- Fussa's windows never refuse: staff who cannot connect a consulter, or do not
-- know where to, turn to their division's 断らない相談窓口推進員 (係長), who
-- connects the case or hands it to a 地域福祉コーディネーター with the common form.
-- The 重層的支援会議 must allocate a case no agency has taken. Which divisions
-- have a 推進員 is configuration.

local function fail(fn, message) error("fussa-coordination." .. fn .. ": " .. message, 0) end

local function no_args(fn, ctx)
  if next(ctx.args) ~= nil then fail(fn, "takes no arguments") end
end

local function blank(v) return v == nil or v == "" end

-- The agency whose 推進員 takes an escalation from `window`, or nil.
local function suishinin_for(c, window)
  if blank(window) then return nil end
  if c.suishinin[window] then return window end
  if not blank(c.fallback_suishinin) then return c.fallback_suishinin end
  return nil
end

local function label_of(c, agency)
  return c.suishinin[agency] or agency
end

return {
  name = "fussa-coordination",
  version = "1.0.0",
  description = { ja = "福生市：断らない相談窓口推進員へのエスカレーションと、会議での割り振り",
                  en = "Fussa: escalation to the no-refusal promoters, and the meeting's allocation" },

  config = {
    suishinin = { type = "map", values = { type = "string" }, default = {},
                  description = { ja = "断らない相談窓口推進員（係長職）を置く課・機関のID → 表示名",
                                  en = "agency id with its own promoter -> display name" } },
    fallback_suishinin = { type = "string",
                           description = { ja = "推進員を置かない窓口からの相談を受ける課・機関のID",
                                           en = "agency whose promoter takes escalations from other windows" } },
    suishinin_role = { type = "string", default = "suishinin" },
    task_kind = { type = "string", default = "suishinin_consult" },
    task_title = { type = "string", default = "断らない相談窓口推進員への相談（つなぎ先の調整）" },
    window_field = { type = "string", default = "escalated_from" },
    assigned_field = { type = "string", default = "suishinin_agency" },
    unassigned_field = { type = "string", default = "unassigned_case" },
    allocation_field = { type = "string", default = "allocation" },
  },

  guards = {
    -- fussa-coordination.can_escalate: the acting window has a 推進員 to turn to.
    can_escalate = function(case, ctx)
      no_args("can_escalate", ctx)
      if blank(ctx.actor.agency) then
        return false, "相談を受けた窓口（機関）が記録されていないため推進員に相談できません"
      end
      if suishinin_for(ctx.config, ctx.actor.agency) == nil then
        return false, "この窓口には断らない相談窓口推進員が置かれていません（相談先の課が設定されていません）"
      end
      return true
    end,

    -- fussa-coordination.assigned_suishinin: the actor is the 推進員 the case went to.
    assigned_suishinin = function(case, ctx)
      no_args("assigned_suishinin", ctx)
      local c = ctx.config
      local assigned = case.data[c.assigned_field]
      if blank(assigned) then return false, "断らない相談窓口推進員への相談が記録されていません" end
      if ctx.actor.agency == assigned then return true end
      return false, "この相談は" .. label_of(c, assigned) .. "の断らない相談窓口推進員が担当しています"
    end,

    -- fussa-coordination.allocation_recorded: a case no agency has taken needs the
    -- meeting's allocation (担当が決まらないケースの割り振り).
    allocation_recorded = function(case, ctx)
      no_args("allocation_recorded", ctx)
      local c = ctx.config
      if case.data[c.unassigned_field] ~= true then return true end
      if not blank(case.data[c.allocation_field]) then return true end
      return false, "担当が決まらないケースのため、重層的支援会議の記録に割り振り（担当する機関）を記録してください"
    end,

  },

  actions = {
    -- fussa-coordination.escalate: the window's staff turn to their division's
    -- 推進員 (or the fallback's): fields, membership, a task, a decision.
    escalate = function(case, ctx)
      no_args("escalate", ctx)
      local c = ctx.config
      local window = ctx.actor.agency
      local target = suishinin_for(c, window)
      if target == nil then fail("escalate", "no promoter for agency '" .. tostring(window) .. "' (guard with can_escalate)") end
      ctx:set(c.window_field, window)
      ctx:set(c.assigned_field, target)
      ctx:add_member(target, "suishinin")
      ctx:task{ kind = c.task_kind, agency = target, role = c.suishinin_role,
                title = c.task_title .. "：" .. label_of(c, target) }
      ctx:decide("escalation", { from = window, to = target })
    end,

    -- fussa-coordination.resolve: the 推進員 connected the case or handed it on.
    resolve = function(case, ctx)
      no_args("resolve", ctx)
      ctx:close_tasks(ctx.config.task_kind)
      ctx:decide("escalation_outcome", { by = ctx.actor.agency, event = ctx.event })
    end,
  },
}

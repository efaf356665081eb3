-- consent: 本人同意の確認と記録
-- The 重層的支援会議 may only discuss a person who agreed to have their information
-- shared with other agencies (Fussa ※3); the 支援会議 (Art. 106-6) needs no consent.
-- This plugin checks and stamps that answer. Which field holds it is configuration.

local ARGS = { field = "string", date_field = "string", reason = "string" }

-- Rejects unknown or mistyped call arguments with a message naming the call.
local function check_args(fn, args)
  for key, value in pairs(args) do
    local want = ARGS[key]
    if want == nil then
      error("consent." .. fn .. ": unknown argument '" .. tostring(key) ..
            "' (known: field, date_field, reason)", 0)
    end
    if type(value) ~= want then
      error("consent." .. fn .. ": argument '" .. key .. "' must be a " .. want ..
            ", got " .. type(value), 0)
    end
  end
end

-- The consent field, date field and refusal reasons for this call.
local function settings(fn, ctx)
  check_args(fn, ctx.args)
  local c = ctx.config
  return {
    field = ctx.args.field or c.field,
    date_field = ctx.args.date_field or c.date_field,
    missing = ctx.args.reason or c.reason_missing,
    refused = ctx.args.reason or c.reason_refused,
  }
end

return {
  name = "consent",
  version = "1.0.0",
  description = { ja = "本人同意（他機関との個人情報共有）の確認と記録",
                  en = "Checks and records the person's consent to share information" },

  config = {
    field = { type = "string", default = "consent_share",
              description = { ja = "同意の有無（true/false）を持つ項目", en = "boolean field holding the answer" } },
    date_field = { type = "string", default = "consent_date",
                   description = { ja = "同意日を記録する項目", en = "date field stamped by record" } },
    reason_missing = { type = "string", default = "本人同意が記録されていないため重層的支援会議に諮れません",
                       description = { ja = "同意の回答が無いときの理由", en = "reason when no answer is recorded" } },
    reason_refused = { type = "string",
                       default = "本人同意が得られていない（同意しないと回答）ため重層的支援会議に諮れません",
                       description = { ja = "同意しないと回答したときの理由", en = "reason when the answer is no" } },
  },

  guards = {
    -- consent.given: the answer is yes (true).
    given = function(case, ctx)
      local s = settings("given", ctx)
      local answer = case.data[s.field]
      if answer == true then return true end
      if answer == false then return false, s.refused end
      return false, s.missing
    end,

    -- consent.recorded: an answer exists, yes or no.
    recorded = function(case, ctx)
      local s = settings("recorded", ctx)
      local answer = case.data[s.field]
      if answer == true or answer == false then return true end
      return false, "本人同意の有無（同意する／しない）が記録されていません"
    end,
  },

  actions = {
    -- consent.record: stamps today's date when consent is given and no date is
    -- recorded yet, and records the answer as the decision 'consent'.
    record = function(case, ctx)
      local s = settings("record", ctx)
      local answer = case.data[s.field]
      if answer == nil then return end
      if answer ~= true and answer ~= false then
        error("consent.record: field '" .. s.field .. "' must be a boolean, got " .. type(answer), 0)
      end
      local date = case.data[s.date_field]
      if answer == true and date == nil then
        date = kasane.today()
        ctx:set(s.date_field, date)
      end
      ctx:decide("consent", { given = answer, date = answer and date or nil })
    end,
  },
}

-- Guards and actions of the benchmark flow: the kind of work a town's plugin does.
return {
  name = "bench_rules",
  version = "1.0.0",
  description = { ja = "ベンチマーク用の判定", en = "Benchmark rules" },
  config = {
    complex_categories = { type = "list", items = { type = "string" }, required = true },
  },
  guards = {
    is_complex = function(case, ctx)
      for _, c in ipairs(ctx.config.complex_categories) do
        if tostring(case.data.category) == c then return true end
      end
      return false, "複合的な課題ではないため、担当窓口で対応してください"
    end,
    consent_given = function(case, ctx)
      if case.data.consent_share == true then return true end
      return false, "本人同意が記録されていません"
    end,
  },
  actions = {
    note_referral = function(case, ctx)
      ctx:set("referral_reason", "複合課題: " .. tostring(case.data.category))
      ctx:decide("screening", "対象")
      ctx:add_member("shakyo", "assigned")  -- the coordinator the case is referred to
    end,
    assign_lead = function(case, ctx)
      ctx:add_member(case.data.lead_agency, "lead")
      ctx:task({ kind = "support", agency = case.data.lead_agency, role = "support",
                 title = { ja = "支援の実施", en = "Deliver support" } })
    end,
  },
}

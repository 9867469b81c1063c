using ObrasQr.Reports;

namespace ObrasQr.Tests.Storage;

// IReportStore's promises: reports, their tracking codes, idempotency keys, filters, counts and updates.
// SQLite runs it in SqliteStoreTests.cs, Azure in ObrasQr.Functions.Tests (which links this folder).

public abstract class ReportStoreContract
{
    protected abstract IReportStore NewStore();

    static readonly DateTimeOffset T0 = new(2026, 11, 3, 15, 0, 0, TimeSpan.Zero);

    static Report NewReport(string id, DateTimeOffset at, string contractId = "CO1.PCCNTR.1", string? key = null, string category = "obra_paralizada") => new()
    {
        ReportId = id,
        ContractId = contractId,
        Category = category,
        Description = "La obra está detenida desde hace un mes.",
        ReceivedAt = at,
        Deadline = DateOnly.FromDateTime(at.AddDays(21).Date),
        TrackingCodeHash = TrackingCode.Hash(id + "-code"),
        IdempotencyKey = key,
    };

    [Fact]
    public async Task Reports_are_listed_by_the_entity_of_their_contract()
    {
        var store = NewStore();
        await store.AddAsync(NewReport("a1", T0) with { EntityNit = "890480184" }, null);
        await store.AddAsync(NewReport("b1", T0.AddMinutes(1)) with { EntityNit = "890801052" }, null);
        await store.AddAsync(NewReport("a2", T0.AddMinutes(2)) with { EntityNit = "890480184" }, null);

        var entityA = await store.ListAsync(new ReportQuery { EntityNit = "890480184" });
        var overdueB = await store.ListAsync(new ReportQuery { EntityNit = "890801052", OverdueOn = DateOnly.FromDateTime(T0.AddDays(60).Date) });

        Assert.Equal(["a2", "a1"], entityA.Select(r => r.ReportId));
        Assert.Equal("890480184", (await store.FindAsync("a1"))?.EntityNit);
        Assert.Equal(["b1"], overdueB.Select(r => r.ReportId));
    }

    [Fact]
    public async Task Staff_of_every_entity_page_through_all_entities_reports_newest_first_across_months()
    {
        var store = NewStore();
        var nextMonth = T0.AddDays(35);
        await store.AddAsync(NewReport("a1", T0) with { EntityNit = "890480184" }, null);
        await store.AddAsync(NewReport("b1", T0.AddMinutes(1)) with { EntityNit = "890801052" }, null);
        await store.AddAsync(NewReport("n1", T0.AddMinutes(1)), null);
        await store.AddAsync(NewReport("a2", nextMonth) with { EntityNit = "890480184" }, null);
        await store.AddAsync(NewReport("b2", nextMonth.AddMinutes(1)) with { EntityNit = "890801052" }, null);

        var pages = new List<string[]>();
        var query = new ReportQuery { Take = 2 };
        for (var page = await store.ListAsync(query); page.Count > 0; page = await store.ListAsync(query))
        {
            pages.Add([.. page.Select(r => r.ReportId)]);
            query = query with { After = (page[^1].ReceivedAt, page[^1].ReportId) };
        }

        Assert.Equal([["b2", "a2"], ["n1", "b1"], ["a1"]], pages);
        Assert.Equal(["a2", "a1"], (await store.ListAsync(new ReportQuery { EntityNit = "890480184", Take = 5 })).Select(r => r.ReportId));
    }

    [Fact]
    public async Task A_works_reports_are_listed_with_their_filters_and_only_within_the_callers_entity()
    {
        var store = NewStore();
        await store.AddAsync(NewReport("old", T0), null);
        await store.AddAsync(NewReport("a1", T0.AddMinutes(1)) with { EntityNit = "890480184" }, null);
        await store.AddAsync(NewReport("a2", T0.AddDays(35)) with { EntityNit = "890480184", Status = ReportStatus.InReview }, null);
        await store.AddAsync(NewReport("other", T0.AddMinutes(2), contractId: "CO1.PCCNTR.2") with { EntityNit = "890480184" }, null);

        Assert.Equal(["a2", "a1", "old"], (await store.ListAsync(new ReportQuery { ContractId = "CO1.PCCNTR.1" })).Select(r => r.ReportId));
        Assert.Equal(["a2", "a1"], (await store.ListAsync(new ReportQuery { ContractId = "CO1.PCCNTR.1", EntityNit = "890480184" })).Select(r => r.ReportId));
        Assert.Equal(["a2"], (await store.ListAsync(new ReportQuery { ContractId = "CO1.PCCNTR.1", Status = ReportStatus.InReview })).Select(r => r.ReportId));
        Assert.Empty(await store.ListAsync(new ReportQuery { ContractId = "CO1.PCCNTR.1", EntityNit = "890801052" }));
        Assert.Empty(await store.ListAsync(new ReportQuery { ContractId = "" }));
        Assert.Equal(3, await store.CountForContractAsync("CO1.PCCNTR.1"));
    }

    [Fact]
    public async Task Report_is_found_by_id_and_by_tracking_hash()
    {
        var store = NewStore();
        var report = NewReport("r1", T0);
        await store.AddAsync(report, null);

        Assert.Equal("r1", (await store.FindAsync("r1"))?.ReportId);
        Assert.Equal("r1", (await store.FindByTrackingHashAsync(report.TrackingCodeHash))?.ReportId);
        Assert.Null(await store.FindByTrackingHashAsync(TrackingCode.Hash("other")));
    }

    [Fact]
    public async Task Concurrent_adds_are_each_stored_once_and_answered_with_their_own_report()
    {
        var store = NewStore();
        var reports = Enumerable.Range(0, 64).Select(i => NewReport($"c{i:D2}", T0.AddSeconds(i), key: i % 8 == 0 ? "shared" : $"k-{i}")).ToList();

        var answers = await Task.WhenAll(reports.Select(r => Task.Run(() => store.AddAsync(r, null))));

        var stored = await store.ListAsync(new ReportQuery { Take = 200 });
        Assert.Equal(57, stored.Count); // 56 with their own key, and one of the eight that share a key
        Assert.Equal(stored.Select(r => r.ReportId).Order(), stored.Select(r => r.ReportId).Distinct().Order());
        var sharedWinner = Assert.Single(stored, r => r.IdempotencyKey == "shared").ReportId;
        for (var i = 0; i < reports.Count; i++)
            Assert.Equal(i % 8 == 0 ? sharedWinner : reports[i].ReportId, answers[i].ReportId);
    }

    [Fact]
    public async Task Concurrent_adds_to_one_contract_are_each_found_by_their_own_id_tracking_code_and_identity()
    {
        // One contract and one month: on Azure one partition, where concurrent report rows share transactions.
        var store = NewStore();
        var reports = Enumerable.Range(0, 120).Select(i => NewReport($"g{i:D3}", T0.AddMilliseconds(i), key: $"key-{i}")).ToList();

        var answers = await Task.WhenAll(reports.Select(r => Task.Run(() =>
            store.AddAsync(r, new ReporterIdentity(r.ReportId, "Persona " + r.ReportId, null, null, T0, "consent")))));

        Assert.Equal(reports.Select(r => r.ReportId), answers.Select(a => a.ReportId));
        var stored = await store.ListAsync(new ReportQuery { ContractId = "CO1.PCCNTR.1", Take = 500 });
        Assert.Equal(reports.Select(r => r.ReportId).Order(StringComparer.Ordinal), stored.Select(r => r.ReportId).Order(StringComparer.Ordinal));
        foreach (var report in reports)
        {
            Assert.Equal(report.ReportId, (await store.FindByTrackingHashAsync(report.TrackingCodeHash))?.ReportId);
            Assert.Equal(report.ReportId, (await store.FindAsync(report.ReportId))?.ReportId);
            Assert.Equal("Persona " + report.ReportId, (await store.FindIdentityAsync(report.ReportId))?.Name);
        }
    }

    [Fact]
    public async Task A_rerun_of_a_stored_report_among_concurrent_adds_returns_it_and_the_others_are_stored()
    {
        // On Azure the rerun's report row exists: the transaction it shares with the others fails as a whole, and
        // the store writes that group row by row, so each add still gets its own answer.
        var store = NewStore();
        var first = NewReport("first", T0, key: "k-first");
        await store.AddAsync(first, null);
        var others = Enumerable.Range(0, 40).Select(i => NewReport($"o{i:D2}", T0.AddSeconds(i + 1), key: $"k-{i}")).ToList();

        var answers = await Task.WhenAll(others.Prepend(first).Select(r => Task.Run(() => store.AddAsync(r, null))));

        Assert.Equal(others.Prepend(first).Select(r => r.ReportId), answers.Select(a => a.ReportId));
        var stored = await store.ListAsync(new ReportQuery { Take = 500 });
        Assert.Equal(41, stored.Count);
        Assert.Equal(41, stored.Select(r => r.ReportId).Distinct().Count());
        Assert.Equal("first", (await store.FindByTrackingHashAsync(first.TrackingCodeHash))?.ReportId);
    }

    [Fact]
    public async Task Same_idempotency_key_returns_the_first_report_and_stores_one()
    {
        var store = NewStore();
        var first = await store.AddAsync(NewReport("r1", T0, key: "k-1"), null);
        var retry = await store.AddAsync(NewReport("r2", T0.AddSeconds(1), key: "k-1"), null);

        Assert.Equal("r1", first.ReportId);
        Assert.Equal("r1", retry.ReportId);
        Assert.Null(await store.FindAsync("r2"));
        Assert.Single(await store.ListAsync(new ReportQuery()));
    }

    [Fact]
    public async Task Attempts_with_one_key_that_store_at_once_leave_one_report_and_all_answer_with_its_id()
    {
        // Ids come from the key (ReportIntake.ReportIdOf): every attempt names the same report, each with its own code.
        var store = NewStore();
        var attempts = Enumerable.Range(0, 6).Select(i => NewReport("from-key", T0.AddMilliseconds(i * 300), key: "k-1") with
        {
            TrackingCodeHash = TrackingCode.Hash($"code-{i}"),
        }).ToList();

        var answers = await Task.WhenAll(attempts.Select(a => Task.Run(() => store.AddAsync(a, null))));

        var stored = Assert.Single(await store.ListAsync(new ReportQuery()));
        Assert.Equal("from-key", stored.ReportId);
        Assert.All(answers, a => Assert.Equal(Seen(stored), Seen(a)));
        Assert.Contains(stored.TrackingCodeHash, attempts.Select(a => a.TrackingCodeHash));
        foreach (var attempt in attempts)
            Assert.Equal(Seen(stored), Seen(await store.FindByTrackingHashAsync(attempt.TrackingCodeHash)));
        Assert.Equal(1, await store.CountForContractAsync("CO1.PCCNTR.1"));
    }

    [Fact]
    public async Task A_report_stored_under_a_random_id_before_ids_came_from_keys_answers_by_id_tracking_code_and_key()
    {
        var store = NewStore();
        var before = await store.AddAsync(NewReport("0193a5f0c1d27e4b8a3f5c6d7e8f9a0b", T0, key: "k-old"), null);
        var retry = NewReport("from-key", T0.AddMinutes(3), key: "k-old");

        var answer = await store.AddAsync(retry, null);

        Assert.Equal(Seen(before), Seen(answer));
        Assert.Equal(Seen(before), Seen(await store.FindAsync(before.ReportId)));
        Assert.Equal(Seen(before), Seen(await store.FindByTrackingHashAsync(before.TrackingCodeHash)));
        Assert.Equal(Seen(before), Seen(await store.FindByTrackingHashAsync(retry.TrackingCodeHash)));
        Assert.Null(await store.FindAsync("from-key"));
        Assert.Single(await store.ListAsync(new ReportQuery()));
    }

    /// <summary>What tells one stored report from another: its id, the code it was stored with, when it was received.</summary>
    static (string?, string?, DateTimeOffset?) Seen(Report? report) => (report?.ReportId, report?.TrackingCodeHash, report?.ReceivedAt);

    [Fact]
    public async Task A_retry_registers_its_tracking_code_for_the_stored_report()
    {
        var store = NewStore();
        var first = NewReport("r1", T0, key: "k-1");
        var retry = NewReport("r2", T0.AddSeconds(1), key: "k-1");
        await store.AddAsync(first, null);
        await store.AddAsync(retry, new ReporterIdentity("r2", "Ana", null, null, T0, "consent"));

        Assert.Equal("r1", (await store.FindByTrackingHashAsync(first.TrackingCodeHash))?.ReportId);
        Assert.Equal("r1", (await store.FindByTrackingHashAsync(retry.TrackingCodeHash))?.ReportId);
        Assert.Null(await store.FindIdentityAsync("r2"));
        Assert.Null(await store.FindIdentityAsync("r1"));
    }

    [Fact]
    public async Task Identity_is_kept_apart_and_only_for_its_report()
    {
        var store = NewStore();
        var report = NewReport("r1", T0) with { Anonymous = false };
        await store.AddAsync(report, new ReporterIdentity("r1", "Ana Pérez", "ana@example.com", null, T0, "consent"));
        await store.AddAsync(NewReport("r2", T0), null);

        Assert.Equal("Ana Pérez", (await store.FindIdentityAsync("r1"))?.Name);
        Assert.Null(await store.FindIdentityAsync("r2"));
    }

    [Fact]
    public async Task List_filters_and_pages_newest_first()
    {
        var store = NewStore();
        for (var i = 0; i < 5; i++)
            await store.AddAsync(NewReport($"r{i}", T0.AddHours(i), contractId: i % 2 == 0 ? "CO1.PCCNTR.A" : "CO1.PCCNTR.B",
                category: i < 3 ? "sobrecosto" : "otro"), null);

        var page1 = await store.ListAsync(new ReportQuery { Take = 2 });
        var page2 = await store.ListAsync(new ReportQuery { Take = 2, After = (page1[^1].ReceivedAt, page1[^1].ReportId) });
        Assert.Equal(["r4", "r3"], page1.Select(r => r.ReportId));
        Assert.Equal(["r2", "r1"], page2.Select(r => r.ReportId));

        Assert.Equal(["r4", "r2", "r0"], (await store.ListAsync(new ReportQuery { ContractId = "CO1.PCCNTR.A" })).Select(r => r.ReportId));
        Assert.Equal(["r2", "r1", "r0"], (await store.ListAsync(new ReportQuery { Category = "sobrecosto" })).Select(r => r.ReportId));
        Assert.Equal(["r2", "r1"], (await store.ListAsync(new ReportQuery { From = T0.AddHours(1), To = T0.AddHours(3) })).Select(r => r.ReportId));
    }

    [Fact]
    public async Task Overdue_filter_keeps_open_reports_past_their_deadline()
    {
        var store = NewStore();
        await store.AddAsync(NewReport("late", T0) with { Deadline = new DateOnly(2026, 11, 10) }, null);
        await store.AddAsync(NewReport("answered", T0) with { Deadline = new DateOnly(2026, 11, 10), Status = ReportStatus.Answered }, null);
        await store.AddAsync(NewReport("on-time", T0) with { Deadline = new DateOnly(2026, 12, 10) }, null);

        var overdue = await store.ListAsync(new ReportQuery { OverdueOn = new DateOnly(2026, 11, 21) });

        Assert.Equal(["late"], overdue.Select(r => r.ReportId));
    }

    [Fact]
    public async Task Overdue_filter_agrees_with_the_domain_on_every_status()
    {
        var store = NewStore();
        var today = new DateOnly(2026, 11, 21);
        var reports = ReportStatus.Labels.Keys.Select((status, i) =>
            NewReport("late-" + status, T0.AddMinutes(i)) with { Deadline = new DateOnly(2026, 11, 10), Status = status }).ToList();
        foreach (var report in reports) await store.AddAsync(report, null);

        var overdue = await store.ListAsync(new ReportQuery { OverdueOn = today });

        Assert.Equal(reports.Where(r => r.IsOverdue(today)).Select(r => r.ReportId).Order(), overdue.Select(r => r.ReportId).Order());
        Assert.Equal(ReportStatus.Open.Count, overdue.Count);
    }

    [Fact]
    public async Task Due_window_keeps_open_reports_due_from_its_first_to_its_last_day_both_included()
    {
        var store = NewStore();
        var from = new DateOnly(2026, 11, 13);
        var by = new DateOnly(2026, 11, 18);
        await store.AddAsync(NewReport("overdue", T0) with { Deadline = from.AddDays(-1) }, null);
        await store.AddAsync(NewReport("first-day", T0.AddMinutes(1)) with { Deadline = from }, null);
        await store.AddAsync(NewReport("last-day", T0.AddMinutes(2)) with { Deadline = by, Status = ReportStatus.Forwarded }, null);
        await store.AddAsync(NewReport("answered", T0.AddMinutes(3)) with { Deadline = by, Status = ReportStatus.Answered }, null);
        await store.AddAsync(NewReport("later", T0.AddMinutes(4)) with { Deadline = by.AddDays(1) }, null);
        await store.AddAsync(NewReport("other-entity", T0.AddMinutes(5)) with { Deadline = by, EntityNit = "890801052" }, null);

        var due = await store.ListAsync(new ReportQuery { DueFrom = from, DueBy = by });
        var dueOfEntity = await store.ListAsync(new ReportQuery { DueFrom = from, DueBy = by, EntityNit = "890801052" });

        Assert.Equal(["other-entity", "last-day", "first-day"], due.Select(r => r.ReportId));
        Assert.Equal(["other-entity"], dueOfEntity.Select(r => r.ReportId));
    }

    [Fact]
    public async Task A_forwarding_keeps_the_authority_on_the_report_and_in_its_history()
    {
        var store = NewStore();
        var report = NewReport("r1", T0) with { Status = ReportStatus.InReview };
        await store.AddAsync(report, null);
        var forwarded = report.ChangeStatus(ReportStatus.Forwarded, "No es de nuestra competencia", null, "Ana Pérez", T0.AddDays(1),
            forwardedTo: "Corporación Autónoma Regional del Canal del Dique")!;

        Assert.True(await store.UpdateAsync(forwarded, expectedVersion: 1));

        var stored = (await store.FindAsync("r1"))!;
        Assert.Equal("Corporación Autónoma Regional del Canal del Dique", stored.ForwardedTo);
        Assert.Equal(("Ana Pérez", "Corporación Autónoma Regional del Canal del Dique"), (stored.History[0].By, stored.History[0].ForwardedTo));
    }

    [Fact]
    public async Task Count_for_contract_counts_only_that_contracts_reports()
    {
        var store = NewStore();
        await store.AddAsync(NewReport("r1", T0, contractId: "CO1.PCCNTR.A"), null);
        await store.AddAsync(NewReport("r2", T0.AddHours(1), contractId: "CO1.PCCNTR.A"), null);
        await store.AddAsync(NewReport("r3", T0, contractId: "CO1.PCCNTR.B"), null);

        Assert.Equal(2, await store.CountForContractAsync("CO1.PCCNTR.A"));
        Assert.Equal(1, await store.CountForContractAsync("CO1.PCCNTR.B"));
        Assert.Equal(0, await store.CountForContractAsync("CO1.PCCNTR.C"));
    }

    [Fact]
    public async Task Update_needs_the_version_it_read()
    {
        var store = NewStore();
        var report = NewReport("r1", T0);
        await store.AddAsync(report, null);
        var moved = report.ChangeStatus(ReportStatus.InReview, "Asignado a control interno", null, "auditor", T0.AddDays(1))!;

        Assert.True(await store.UpdateAsync(moved, expectedVersion: 1));
        Assert.False(await store.UpdateAsync(moved with { Version = 3 }, expectedVersion: 1));
        var stored = await store.FindAsync("r1");
        Assert.Equal(ReportStatus.InReview, stored!.Status);
        Assert.Equal(2, stored.Version);
        Assert.Equal("Asignado a control interno", Assert.Single(stored.History).Note);
        Assert.Equal([ "r1" ], (await store.ListAsync(new ReportQuery { Status = ReportStatus.InReview })).Select(r => r.ReportId));
    }

    [Fact]
    public async Task Publishable_is_off_by_default_and_kept_once_an_auditor_marks_it()
    {
        var store = NewStore();
        var report = NewReport("r1", T0);
        await store.AddAsync(report, null);
        Assert.False((await store.FindAsync("r1"))!.Publishable);

        Assert.True(await store.UpdateAsync(report.MarkPublishable(true, "auditora", T0.AddDays(1))!, expectedVersion: 1));

        var stored = await store.FindAsync("r1");
        Assert.True(stored!.Publishable);
        Assert.Equal("auditora", Assert.Single(stored.History).By);
        Assert.True(Assert.Single(await store.ListAsync(new ReportQuery())).Publishable);
    }

    [Fact]
    public async Task Open_filter_splits_reports_owed_an_answer_from_the_others()
    {
        var store = NewStore();
        var answered = NewReport("r1", T0) with { Status = ReportStatus.Answered };
        var closed = NewReport("r2", T0.AddHours(1)) with { Status = ReportStatus.Closed };
        var received = NewReport("r3", T0.AddHours(2));
        var forwarded = NewReport("r4", T0.AddHours(3)) with { Status = ReportStatus.Forwarded };
        foreach (var r in new[] { answered, closed, received, forwarded }) await store.AddAsync(r, null);

        Assert.Equal(["r4", "r3"], (await store.ListAsync(new ReportQuery { Open = true })).Select(r => r.ReportId));
        Assert.Equal(["r2", "r1"], (await store.ListAsync(new ReportQuery { Open = false })).Select(r => r.ReportId));
        Assert.Equal(["r4"], (await store.ListAsync(new ReportQuery { Open = true, Take = 1 })).Select(r => r.ReportId));
    }
}

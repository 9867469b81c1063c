using ObrasQr.Contracts;

namespace ObrasQr.Tests.Contracts;

/// <summary>Every fact the page states, one rule per test, on a pinned day (21 November 2026).</summary>
public sealed class ContractFactsTests
{
    static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    static readonly DateOnly Today = new(2026, 11, 21);

    static Contract Work(decimal value = 1_000_000_000, decimal? paid = 400_000_000, string status = "En ejecución",
        DateOnly? start = null, DateOnly? end = null, int? addedDays = 0, DateOnly? signed = null, DateTime? stamp = null,
        string? documentType = "NIT") => new()
    {
        ContractId = "CO1.PCCNTR.1", Type = "Obra", Status = status, Value = value, PaidValue = paid,
        StartsOn = start ?? new DateOnly(2026, 1, 1), EndsOn = end ?? new DateOnly(2027, 1, 1), AddedDays = addedDays,
        SignedOn = signed ?? new DateOnly(2025, 12, 20), UpdatedInSecop = stamp, ContractorDocumentType = documentType,
        ContractorDocument = "13824219",
    };

    static IReadOnlyList<ContractVersion> History(params Contract[] versions)
    {
        var list = new List<ContractVersion> { ContractVersion.First(versions[0], T0, "t") };
        foreach (var next in versions.Skip(1)) list.Add(list[^1].Next(next, T0.AddDays(list.Count * 30), "t")!);
        return list;
    }

    [Fact]
    public void A_work_registered_by_hand_is_worded_as_the_entitys_record_and_its_additions_are_unknown()
    {
        var overdue = Work(paid: null, end: new DateOnly(2026, 11, 1)) with { ContractId = "OQR.7K2M9QX4TZ" };

        var facts = ContractFacts.Of([ContractVersion.First(overdue, T0, ManualWorks.Source)], Today);

        Assert.True(facts.NotInSecop);
        Assert.Equal("La entidad registra la obra en ejecución. Su fecha de terminación prevista (1 de noviembre de 2026) ya pasó.", facts.StatusExplained);
        Assert.Equal(1_000_000_000m, facts.InitialValue);   // the value the entity registered
        Assert.Null(facts.Additions);                       // not published anywhere: never a 0
        Assert.Null(facts.AdditionsInMinimumWages);
        Assert.All(facts.RedFlags, flag => Assert.DoesNotContain("SECOP II", flag));
        Assert.Contains(facts.RedFlags, flag => flag.Contains("la entidad no registra el contrato como terminado"));
        Assert.False(ContractFacts.Of(History(Work()), Today).NotInSecop);
    }

    [Fact]
    public void Normal_work_has_money_and_time_figures_and_no_red_flags()
    {
        var facts = ContractFacts.Of(History(Work()), Today);

        // First seen "En ejecución": SECOP II gives no initial value then, so no "adiciones $0 (0 %)" is claimed.
        Assert.Null(facts.InitialValue);
        Assert.Null(facts.Additions);
        Assert.Equal(1_000_000_000m, facts.FirstSeenValue);
        Assert.Equal(0m, facts.AdditionsSeen);
        Assert.Equal(400_000_000m, facts.Paid);
        Assert.Equal(600_000_000m, facts.Pending);
        Assert.Equal(40, facts.PaidPercent);
        Assert.Equal(41, facts.DaysLeft);           // 21 Nov 2026 -> 1 Jan 2027
        Assert.Null(facts.DaysOverdue);
        Assert.Equal(89, facts.TimeElapsedPercent); // 324 of 365 days
        Assert.Empty(facts.RedFlags);
        Assert.Equal("SECOP II registra la obra en ejecución.", facts.StatusExplained);
        Assert.Equal("Faltan 41 días", facts.Countdown);
    }

    // Ley 80 de 1993, art. 40, parágrafo: the limit is half the initial value *in SMMLV*.
    [Fact]
    public void Additions_are_compared_with_the_initial_value_in_minimum_wages_of_their_own_years()
    {
        // 12.400 M signed in 2023 (SMMLV $1.160.000) and 6.750 M added in 2026 (SMMLV $1.750.905): 54 % in pesos,
        // 10.689,7 and 3.855,2 SMMLV, so 36 % in wages: within the law.
        var facts = ContractFacts.Of(History(
            Work(status: "Aprobado", value: 12_400_000_000, signed: new DateOnly(2023, 9, 15)),
            Work(value: 19_150_000_000, status: "Modificado", signed: new DateOnly(2023, 9, 15), stamp: new DateTime(2026, 11, 6))), Today);

        Assert.Equal(54, facts.AdditionsPercent);
        Assert.Equal(36, facts.AdditionsInMinimumWages!.SharePercent);
        Assert.False(facts.AdditionsOverLegalLimit);
        Assert.DoesNotContain(facts.RedFlags, f => f.Contains("Ley 80"));
        Assert.Contains("Decreto 2613 de 2022", facts.AdditionsInMinimumWages.Explanation);
        Assert.Contains("Decreto 1469 de 2025", facts.AdditionsInMinimumWages.Explanation);
    }

    [Fact]
    public void Additions_over_half_the_initial_value_in_minimum_wages_are_flagged_citing_Ley_80()
    {
        var facts = ContractFacts.Of(History(
            Work(status: "Aprobado", value: 1_000_000_000, signed: new DateOnly(2026, 2, 1)),
            Work(value: 1_600_000_000, status: "Modificado", signed: new DateOnly(2026, 2, 1), stamp: new DateTime(2026, 10, 1))), Today);

        Assert.Equal(60, facts.AdditionsInMinimumWages!.SharePercent);
        Assert.True(facts.AdditionsOverLegalLimit);
        Assert.Contains(facts.RedFlags, f => f.Contains("60 %") && f.Contains("salarios mínimos") && f.Contains("Ley 80 de 1993"));
    }

    [Fact]
    public void Additions_of_exactly_half_in_minimum_wages_are_within_the_law()
    {
        var facts = ContractFacts.Of(History(
            Work(status: "Aprobado", value: 100, signed: new DateOnly(2026, 1, 10)),
            Work(value: 150, signed: new DateOnly(2026, 1, 10), stamp: new DateTime(2026, 3, 1))), Today);

        Assert.Equal(50, facts.AdditionsInMinimumWages!.SharePercent);
        Assert.False(facts.AdditionsOverLegalLimit);
        Assert.Empty(facts.RedFlags);
    }

    [Fact]
    public void Minimum_wage_table_gives_each_year_with_its_decree_and_never_guesses_a_missing_year()
    {
        Assert.Equal(1_750_905m, MinimumWage.Of(2026)!.Amount);
        Assert.Contains("Decreto 0159 de 2026", MinimumWage.Of(2026)!.Decree);
        Assert.Equal(1_160_000m, MinimumWage.Of(2023)!.Amount);
        Assert.Equal(644_350m, MinimumWage.Of(2015)!.Amount);
        Assert.Null(MinimumWage.Of(2014));
        Assert.Null(MinimumWage.Of(2027));
    }

    [Fact]
    public void Legal_limit_is_not_checked_when_a_year_has_no_minimum_wage_in_the_table()
    {
        var facts = ContractFacts.Of(History(
            Work(value: 100, signed: new DateOnly(2014, 5, 1)),
            Work(value: 400, signed: new DateOnly(2014, 5, 1), stamp: new DateTime(2026, 3, 1))), Today);

        Assert.Null(facts.AdditionsInMinimumWages);
        Assert.False(facts.AdditionsOverLegalLimit);
        Assert.Empty(facts.RedFlags);
    }

    [Theory]
    [InlineData("Modificado", 0)]
    [InlineData("En ejecución", 240)]
    [InlineData("Prorrogado", 0)]
    public void Initial_value_is_unknown_when_the_contract_was_first_seen_already_modified(string firstStatus, int firstAddedDays)
    {
        var facts = ContractFacts.Of(History(
            Work(value: 100_000_000, status: firstStatus, addedDays: firstAddedDays),
            Work(value: 300_000_000, status: "Modificado", addedDays: firstAddedDays)), Today);

        Assert.Null(facts.InitialValue);
        Assert.Null(facts.Additions);
        Assert.Null(facts.AdditionsInMinimumWages);
        Assert.DoesNotContain(facts.RedFlags, f => f.Contains("Ley 80"));
    }

    [Fact]
    public void Original_end_is_the_end_date_minus_the_added_days()
    {
        var facts = ContractFacts.Of(History(Work(start: new DateOnly(2026, 1, 1), end: new DateOnly(2027, 4, 1), addedDays: 90)), Today);

        Assert.Equal(new DateOnly(2027, 1, 1), facts.OriginalEnd);
    }

    [Fact]
    public void Extensions_are_counted_from_recorded_changes_of_added_days_and_many_are_flagged()
    {
        var facts = ContractFacts.Of(History(
            Work(end: new DateOnly(2026, 12, 1)),
            Work(end: new DateOnly(2027, 2, 1), addedDays: 62),
            Work(end: new DateOnly(2027, 4, 1), addedDays: 121)), Today);

        Assert.Equal(2, facts.Extensions);
        Assert.Equal(121, facts.AddedDays);
        Assert.Equal(new DateOnly(2026, 12, 1), facts.OriginalEnd);
        Assert.Contains(facts.RedFlags, f => f.Contains("se amplió 2 veces"));
    }

    [Fact]
    public void An_end_date_corrected_without_added_days_is_not_an_extension()
    {
        var facts = ContractFacts.Of(History(
            Work(end: new DateOnly(2026, 12, 1)),
            Work(end: new DateOnly(2027, 1, 1)),
            Work(end: new DateOnly(2027, 2, 1))), Today);

        Assert.Equal(0, facts.Extensions);
        Assert.Empty(facts.RedFlags);
    }

    [Fact]
    public void Added_days_over_half_the_original_term_are_flagged_without_claiming_many_extensions()
    {
        // 1 Jan 2026 -> 1 Jan 2027 with 200 added days: the original term was 165 days.
        var facts = ContractFacts.Of(History(Work(addedDays: 200)), Today);

        Assert.Contains(facts.RedFlags, f => f.Contains("200 días adicionados") && f.Contains("121 % del plazo original"));
        Assert.DoesNotContain(facts.RedFlags, f => f.Contains("veces"));
    }

    [Fact]
    public void Running_work_past_its_end_is_overdue_and_flagged()
    {
        var facts = ContractFacts.Of(History(Work(end: new DateOnly(2026, 8, 31))), Today);

        Assert.Equal(82, facts.DaysOverdue);
        Assert.Null(facts.DaysLeft);
        Assert.Equal(100, facts.TimeElapsedPercent);
        Assert.Contains(facts.RedFlags, f => f.Contains("hace 82 días"));
        Assert.Equal("Vencido hace 82 días", facts.Countdown);
    }

    [Theory]
    [InlineData("Modificado")]
    [InlineData("Prorrogado")]
    [InlineData("En ejecución")]
    public void Status_wording_never_says_a_work_goes_on_when_its_end_date_has_passed(string status)
    {
        var facts = ContractFacts.Of(History(Work(status: status, signed: new DateOnly(2019, 3, 1),
            start: new DateOnly(2019, 4, 1), end: new DateOnly(2020, 4, 1))), Today);

        Assert.DoesNotContain("sigue", facts.StatusExplained);
        Assert.Contains("ya pasó", facts.StatusExplained);
    }

    [Fact]
    public void Finished_work_past_its_end_is_not_overdue()
    {
        var facts = ContractFacts.Of(History(Work(status: "terminado", end: new DateOnly(2026, 8, 31))), Today);

        Assert.Null(facts.DaysOverdue);
        Assert.Null(facts.DaysLeft);
        Assert.True(facts.IsFinished);
        Assert.Empty(facts.RedFlags);
    }

    [Fact]
    public void Suspended_work_has_its_countdown_paused_and_is_flagged()
    {
        var facts = ContractFacts.Of(History(Work(end: Today), Work(status: "Suspendido", end: Today)), Today);

        Assert.True(facts.IsSuspended);
        Assert.Null(facts.DaysLeft);
        Assert.Null(facts.DaysOverdue);
        Assert.DoesNotContain("Hoy vence", facts.Countdown);
        Assert.Contains("suspendido", facts.Countdown);
        Assert.Contains(facts.RedFlags, f => f.Contains("suspendido"));
    }

    [Theory]
    [InlineData("NIT", "NIT")]
    [InlineData("Cédula de Ciudadanía", "C.C.")]
    [InlineData("Cedula de Ciudadania", "C.C.")]
    [InlineData("Cédula de Extranjería", "C.E.")]
    [InlineData("Pasaporte", "Pasaporte")]
    [InlineData(null, "Documento")]
    public void Contractor_document_is_labelled_by_the_type_SECOP_gives(string? type, string label)
    {
        var facts = ContractFacts.Of(History(Work(documentType: type)), Today);

        Assert.Equal(label, facts.ContractorDocumentLabel);
    }

    [Fact]
    public void Paid_value_SECOP_does_not_give_is_no_data_never_zero()
    {
        var facts = ContractFacts.Of(History(Work(paid: null, addedDays: null)), Today);

        Assert.Null(facts.Paid);
        Assert.Null(facts.PaidPercent);
        Assert.Null(facts.Pending);
        Assert.Null(facts.AddedDays);
    }

    [Theory]
    [InlineData("1", "30000000000")]
    [InlineData("0.01", "79228162514264337593543950335")]   // decimal.MaxValue
    [InlineData("1000000000000000000000000000", "79228162514264337593543950335")]
    public void Percentages_and_sums_hold_for_any_value_the_source_can_hold(string firstText, string laterText)
    {
        var (first, later) = (decimal.Parse(firstText, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(laterText, System.Globalization.CultureInfo.InvariantCulture));
        var facts = ContractFacts.Of(History(
            Work(status: "Aprobado", value: first, paid: later, signed: new DateOnly(2026, 1, 5)),
            Work(value: later, paid: later, signed: new DateOnly(2026, 1, 5), stamp: new DateTime(2026, 5, 1))), Today);

        Assert.InRange(facts.AdditionsPercent!.Value, 0, SafeMath.MaxPercent);
        Assert.Equal(100, facts.PaidPercent);
        Assert.True(facts.AdditionsOverLegalLimit);
    }

    // SECOP II publishes each state, not what the state implies: the page says what SECOP records and what it does not.
    [Theory]
    [InlineData("terminado", "SECOP II registra el contrato como terminado; no registra si ya se liquidó.")]
    [InlineData("Cerrado", "SECOP II registra el contrato como cerrado.")]
    [InlineData("Cancelado", "SECOP II registra este contrato como cancelado.")]
    [InlineData("Borrador", "SECOP II registra este contrato como borrador: no registra que se haya firmado.")]
    [InlineData("enviado Proveedor", "SECOP II registra este contrato como enviado al proveedor: no registra que se haya firmado.")]
    [InlineData("En aprobación", "SECOP II registra este contrato en aprobación: no registra que se haya firmado.")]
    public void A_state_is_worded_as_what_SECOP_records_never_as_what_it_implies(string status, string explained)
    {
        var facts = ContractFacts.Of(History(Work(status: status)), Today);

        Assert.Equal(explained, facts.StatusExplained);
        Assert.DoesNotContain("falta cerrar y liquidar", facts.StatusExplained);
    }

    [Theory]
    [InlineData("Cancelado")]
    [InlineData("Borrador")]
    [InlineData("enviado Proveedor")]
    [InlineData("En aprobación")]
    public void A_cancelled_or_unsigned_work_past_its_dates_has_no_countdown_delay_or_red_flag(string status)
    {
        var facts = ContractFacts.Of(History(Work(status: status, end: new DateOnly(2026, 3, 1))), Today);

        Assert.False(facts.IsLive);
        Assert.Null(facts.DaysOverdue);
        Assert.Null(facts.DaysLeft);
        Assert.Null(facts.TimeElapsedPercent);
        Assert.Empty(facts.RedFlags);
        Assert.Equal("Sin plazo en curso: SECOP II no registra este contrato en ejecución.", facts.Countdown);
    }

    [Fact]
    public void A_first_version_already_in_execution_gives_the_first_value_seen_not_an_initial_value_with_no_additions()
    {
        // SECOP II publishes the current value only: a contract first seen running may have been added to already.
        var facts = ContractFacts.Of(History(Work(value: 1_000_000_000), Work(value: 1_200_000_000, status: "Modificado")), Today);

        Assert.Null(facts.InitialValue);
        Assert.Null(facts.Additions);
        Assert.Null(facts.AdditionsPercent);
        Assert.Null(facts.AdditionsInMinimumWages);
        Assert.Equal(1_000_000_000m, facts.FirstSeenValue);
        Assert.Equal(200_000_000m, facts.AdditionsSeen);
    }

    [Theory]
    [InlineData("0000000")]
    [InlineData("0")]
    [InlineData("N/D")]
    [InlineData("No Definido")]
    public void A_placeholder_supplier_document_is_not_shown(string document)
    {
        var facts = ContractFacts.Of(History(Work() with { ContractorDocumentType = "Otro", ContractorDocument = document }), Today);

        Assert.Null(facts.ContractorDocument);
        Assert.Equal("13824219", ContractFacts.Of(History(Work()), Today).ContractorDocument);
    }

    // Ley 80 de 1993, art. 40, parágrafo: an addition is priced at the SMMLV of the year SECOP dates it
    // ("Ultima Actualizacion"), however late ObrasQr sees it.
    [Fact]
    public void An_addition_is_priced_at_the_SMMLV_of_SECOPs_date_not_of_the_day_ObrasQr_saw_it()
    {
        var signed = Work(value: 1_300_000_000, status: "Aprobado", signed: new DateOnly(2024, 3, 1), stamp: new DateTime(2024, 3, 5));
        var history = History(signed, signed with { Value = 1_723_500_000, Status = "Modificado", UpdatedInSecop = new DateTime(2025, 8, 9) });
        Assert.Equal(2026, history[^1].SyncedAt.Year);      // seen in 2026, when the SMMLV was $ 1.750.905

        var facts = ContractFacts.Of(history, Today);

        // 423.500.000 / 1.423.500 (2025) = 297,5 SMMLV against 1.000 SMMLV signed in 2024: 30 %, not 24 % at 2026's wage.
        Assert.Equal(30, facts.AdditionsInMinimumWages!.SharePercent);
        Assert.Contains("2025: $ 1.423.500, Decreto 1572 de 2024", facts.AdditionsInMinimumWages.Explanation);
    }
}

using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using ObrasQr.Contracts;
using ObrasQr.OpenData;
using ObrasQr.Reports;

namespace ObrasQr.Tests.OpenData;

/// <summary>The mapping rules one by one, on works and reports made here.</summary>
public sealed class OpenDataMappingTests
{
    static readonly DateOnly Today = new(2026, 12, 1);
    static readonly DateTimeOffset T0 = new(2026, 3, 1, 15, 0, 0, TimeSpan.Zero);

    static Contract Work(string status = "En ejecución", DateOnly? starts = null, decimal value = 1_000_000_000m, DateOnly? ends = null) => new()
    {
        ContractId = "CO1.PCCNTR.1", ProcessId = "CO1.BDOS.1", Type = "Obra", Status = status, Value = value,
        StartsOn = starts ?? new DateOnly(2026, 2, 1), EndsOn = ends ?? new DateOnly(2027, 2, 1), EntityName = "Alcaldía", EntityNit = "890480184",
        ContractorName = "Constructora S.A.S.", ContractorDocumentType = "NIT", ContractorDocument = "900123456", Location = "",
    };

    static JsonElement Project(params Contract[] versions)
    {
        var history = new List<ContractVersion> { ContractVersion.First(versions[0], T0, "t") };
        foreach (var v in versions.Skip(1)) history.Add(history[^1].Next(v, history[^1].SyncedAt.AddDays(30), "t")!);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer)) Oc4idsProject.Write(w, "oc4ids-x", "https://obras.example", history, Today);
        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    static ContractFacts Facts(Contract c) => ContractFacts.Of([ContractVersion.First(c, T0, "t")], Today);

    [Theory]
    [InlineData("terminado", "completion")]
    [InlineData("Cerrado", "completion")]
    [InlineData("Liquidado", "completion")]
    [InlineData("En ejecución", "implementation")]
    [InlineData("Suspendido", "implementation")]
    [InlineData("Prorrogado", "implementation")]
    public void Project_status_follows_secops_state_once_the_work_started(string state, string expected) =>
        Assert.Equal(expected, Oc4idsProject.Status(Facts(Work(state)), Today));

    [Fact]
    public void A_signed_work_not_yet_started_is_in_preparation_and_one_without_dates_has_no_status()
    {
        Assert.Equal("preparation", Oc4idsProject.Status(Facts(Work("Aprobado", starts: new DateOnly(2027, 1, 15))), Today));
        Assert.Null(Oc4idsProject.Status(Facts(Work() with { StartsOn = null }), Today));
    }

    [Fact]
    public void An_overdue_work_is_still_in_implementation_not_completion()
    {
        var overdue = Facts(Work(ends: new DateOnly(2026, 6, 1)));

        Assert.NotNull(overdue.DaysOverdue);
        Assert.Equal("implementation", Oc4idsProject.Status(overdue, Today));
    }

    [Theory]
    [InlineData("Licitación pública Obra Publica", "open")]
    [InlineData("Mínima cuantía", "open")]
    [InlineData("Selección Abreviada de Menor Cuantía", "selective")]
    [InlineData("Concurso de méritos abierto", "open")]
    [InlineData("Contratación directa", "direct")]
    [InlineData("Contratación régimen especial", null)]
    [InlineData(null, null)]
    public void Procurement_method_is_read_from_secops_modality(string? modality, string? method) =>
        Assert.Equal(method, Oc4idsProject.ProcurementMethod(modality));

    [Fact]
    public void The_value_signed_is_stated_only_when_the_first_version_seen_was_unmodified()
    {
        var seenFromSigning = Project(Work("Aprobado"), Work(value: 1_400_000_000m));
        var seenRunning = Project(Work(), Work(value: 1_400_000_000m));     // SECOP II gives no initial value once running
        var seenModified = Project(Work("Modificado"), Work("Modificado", value: 1_400_000_000m));

        var summary = seenFromSigning.GetProperty("contractingProcesses")[0].GetProperty("summary");
        Assert.Equal(1_000_000_000m, summary.GetProperty("contractValue").GetProperty("amount").GetDecimal());
        Assert.Equal("value", Assert.Single(summary.GetProperty("modifications").EnumerateArray().ToList()).GetProperty("type").GetString());
        Assert.False(seenModified.GetProperty("contractingProcesses")[0].GetProperty("summary").TryGetProperty("contractValue", out _));
        Assert.False(seenRunning.GetProperty("contractingProcesses")[0].GetProperty("summary").TryGetProperty("contractValue", out _));
    }

    [Fact]
    public void A_contractor_who_is_a_person_is_named_but_their_cedula_is_not_published()
    {
        var project = Project(Work() with { ContractorName = "Juan Pérez", ContractorDocumentType = "Cédula de Ciudadanía", ContractorDocument = "73123456" });

        Assert.DoesNotContain("73123456", project.GetRawText());
        var supplier = project.GetProperty("parties").EnumerateArray().Single(p => p.GetProperty("roles")[0].GetString() == "supplier");
        Assert.Equal("Juan Pérez", supplier.GetProperty("name").GetString());
        Assert.False(supplier.TryGetProperty("identifier", out _));
    }

    [Fact]
    public void Empty_secop_cells_are_left_out_never_written_empty()
    {
        var project = Project(Work() with { ProcessDescription = " ", Location = "", City = null, Department = null });

        Assert.False(project.TryGetProperty("description", out _));
        Assert.False(project.TryGetProperty("locations", out _));
        Assert.DoesNotContain("\"\"", project.GetRawText());
    }

    [Theory]
    [InlineData("890480184-4", "890480184")]
    [InlineData("890.480.184", "890480184")]
    [InlineData(" 890480184 ", "890480184")]
    [InlineData("890480184-44", null)]
    [InlineData("abc", null)]
    [InlineData("1234", null)]
    public void The_entity_filter_reads_a_nit_without_its_check_digit(string text, string? nit) =>
        Assert.Equal(nit, Oc4idsHandlers.Nit(text));

    static Report Report(string status, bool publishable = false) => new()
    {
        ReportId = "r1", ContractId = "CO1.PCCNTR.1", Category = "sobrecosto", Description = "Texto del ciudadano\u0001 <a>",
        Anonymous = false, Location = new ReportLocation(10.4, -75.5, "Donde vive Ana"), Photos = ["photos/r1/1.jpg"],
        ReceivedAt = T0, Deadline = new DateOnly(2026, 3, 23), Status = status, TrackingCodeHash = "h", Publishable = publishable,
    };

    [Theory]
    [InlineData(ReportStatus.Received, "open")]
    [InlineData(ReportStatus.InReview, "open")]
    [InlineData(ReportStatus.Forwarded, "open")]
    [InlineData(ReportStatus.Answered, "closed")]
    [InlineData(ReportStatus.Closed, "closed")]
    public void Open311_status_is_open_while_the_citizen_is_owed_an_answer(string status, string expected) =>
        Assert.Equal(expected, Open311.Status(Report(status)));

    [Fact]
    public void An_unmarked_report_publishes_no_description_place_pin_or_photo()
    {
        var published = Open311.Request.Of(Report(ReportStatus.Received), Work() with { Location = "Calle 30", City = "Cartagena" }, "Control Interno", "https://x");

        Assert.Null(published.Description);
        Assert.Null(published.Lat);
        Assert.Null(published.Long);
        Assert.Null(published.MediaUrl);
        Assert.Equal("Calle 30, Cartagena", published.Address); // the work's address from SECOP, not the citizen's
    }

    [Fact]
    public void Xml_replaces_characters_xml_cannot_hold_and_escapes_markup()
    {
        var published = Open311.Request.Of(Report(ReportStatus.Received, publishable: true), null, "Control Interno", "https://x");

        var xml = Encoding.UTF8.GetString(Open311.Xml([published]));

        Assert.Equal("Texto del ciudadano\uFFFD <a>", XDocument.Parse(xml).Root!.Element("request")!.Element("description")!.Value);
        Assert.Contains("&lt;a&gt;", xml);
    }

    [Fact]
    public void Marking_a_report_publishable_is_kept_in_its_history_and_keeps_its_status()
    {
        var report = Report(ReportStatus.Forwarded);

        var marked = report.MarkPublishable(true, "auditora", T0.AddDays(2))!;

        Assert.True(marked.Publishable);
        var entry = marked.History[^1];
        Assert.Equal(("auditora", ReportStatus.Forwarded, ReportStatus.Forwarded), (entry.By, entry.From, entry.To));
        Assert.Equal(report.Version + 1, marked.Version);
        Assert.Null(marked.MarkPublishable(true, "auditora", T0.AddDays(3)));
    }
}

using System.Globalization;
using System.Text.Json;
using ObrasQr.Contracts;

namespace ObrasQr.OpenData;

/// <summary>
/// One published work as an OC4IDS 0.9 project (https://standard.open-contracting.org/infrastructure/; CI checks the
/// package against the official 0.9.5 schema, Oc4idsTests), written field by field so a package of thousands of works is
/// streamed, never built.
/// Every fact comes from <see cref="ContractFacts"/> or the synchronised history: nothing here claims more than SECOP II
/// publishes (no project type, sector or geometry, which SECOP does not give).
/// </summary>
public static class Oc4idsProject
{
    /// <summary>The project's globally unique id: the registered prefix and the SECOP contract id.</summary>
    public static string Id(string prefix, string contractId) => $"{prefix}-{contractId}";

    /// <summary>
    /// The OC4IDS projectStatus of a work, the one mapping from SECOP's state and dates:
    /// <list type="bullet">
    /// <item>terminado, Cerrado, Liquidado (<see cref="ContractFacts.IsFinished"/>) → <c>completion</c>: the works ended.</item>
    /// <item>any other signed state (En ejecución, Modificado, Prorrogado, Suspendido, cedido, Aprobado…) whose start date
    /// has come → <c>implementation</c>; a suspended work is still in implementation, only paused.</item>
    /// <item>signed but its start date is still ahead → <c>preparation</c> (contracted, works not begun).</item>
    /// <item>no start date and not finished → left out: SECOP does not say.</item>
    /// </list>
    /// A passed end date never makes a work "completion": only SECOP's state does (an overdue work is not a finished one).
    /// </summary>
    public static string? Status(ContractFacts facts, DateOnly today) =>
        facts.IsFinished ? "completion"
        : facts.Current.StartsOn is { } start ? (start <= today ? "implementation" : "preparation")
        : null;

    /// <summary>The contracting process's status (pre-award|active|closed): a published work is signed, so active until finished.</summary>
    public static string ProcessStatus(ContractFacts facts) => facts.IsFinished ? "closed" : "active";

    /// <summary>OC4IDS procurementMethod from SECOP's "Modalidad de Contratacion"; null when it does not tell.</summary>
    public static string? ProcurementMethod(string? modality)
    {
        var m = (modality ?? "").Trim().ToLowerInvariant();
        return m switch
        {
            _ when m.StartsWith("licitación", StringComparison.Ordinal) || m.StartsWith("licitacion", StringComparison.Ordinal) => "open",
            _ when m.StartsWith("mínima cuantía", StringComparison.Ordinal) || m.StartsWith("minima cuantia", StringComparison.Ordinal) => "open",
            _ when m.StartsWith("concurso de méritos abierto", StringComparison.Ordinal) => "open",
            _ when m.StartsWith("selección abreviada", StringComparison.Ordinal) || m.StartsWith("seleccion abreviada", StringComparison.Ordinal) => "selective",
            _ when m.StartsWith("concurso de méritos", StringComparison.Ordinal) => "selective",
            _ when m.StartsWith("contratación directa", StringComparison.Ordinal) || m.StartsWith("contratacion directa", StringComparison.Ordinal) => "direct",
            _ => null,
        };
    }

    /// <summary>A modification seen between two synchronised versions: its value or its period changed.</summary>
    public sealed record Modification(string Id, DateOnly Seen, string Type, Contract Before, Contract After);

    /// <summary>What the history shows changed, oldest first: each version whose value differs from the one before is a
    /// <c>value</c> modification, each whose start or end date differs a <c>duration</c> one, dated as the page dates
    /// changes (<see cref="ContractChanges.SeenOn"/>).</summary>
    public static IEnumerable<Modification> Modifications(IReadOnlyList<ContractVersion> history)
    {
        for (var i = 1; i < history.Count; i++)
        {
            var (before, after) = (history[i - 1].Contract, history[i].Contract);
            var on = ContractChanges.SeenOn(history[i]);
            if (before.Value != after.Value)
                yield return new($"{after.ContractId}-v{history[i].Number}-value", on, "value", before, after);
            if (before.StartsOn != after.StartsOn || before.EndsOn != after.EndsOn)
                yield return new($"{after.ContractId}-v{history[i].Number}-duration", on, "duration", before, after);
        }
    }

    /// <summary>Writes the project of a work whose history (oldest first) is <paramref name="history"/>.</summary>
    public static void Write(Utf8JsonWriter w, string prefix, string baseUrl, IReadOnlyList<ContractVersion> history, DateOnly today)
    {
        var facts = ContractFacts.Of(history, today);
        var c = facts.Current;
        var buyer = BuyerId(c);
        var supplier = SupplierId(c);

        w.WriteStartObject();
        w.WriteString("id", Id(prefix, c.ContractId));
        w.WriteString("updated", history[^1].SyncedAt.ToOffset(ColombiaTime.Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        w.WriteString("language", "es");
        Text(w, "title", c.Name);
        Text(w, "description", c.ProcessDescription ?? c.Object);
        if (Status(facts, today) is { } status) w.WriteString("status", status);
        Period(w, "period", c.StartsOn, c.EndsOn);
        w.WriteStartObject("budget");
        Value(w, "amount", c.Value);
        w.WriteEndObject();
        if (buyer is not null)
        {
            w.WriteStartObject("publicAuthority");
            w.WriteString("id", buyer);
            Text(w, "name", c.EntityName);
            w.WriteEndObject();
        }
        Locations(w, c);
        Parties(w, c, buyer, supplier);
        Documents(w, c, baseUrl);

        w.WriteStartArray("contractingProcesses");
        w.WriteStartObject();
        w.WriteString("id", Present(c.ProcessId) ?? c.ContractId);
        w.WriteStartObject("summary");
        w.WriteString("externalReference", c.ContractId);
        w.WriteStartArray("nature");
        w.WriteStringValue("construction");
        w.WriteEndArray();
        Text(w, "title", c.Name);
        Text(w, "description", c.ProcessDescription ?? c.Object);
        w.WriteString("status", ProcessStatus(facts));
        w.WriteStartObject("tender");
        if (ProcurementMethod(c.Modality) is { } method) w.WriteString("procurementMethod", method);
        Text(w, "procurementMethodDetails", c.Modality);
        if (buyer is not null) Reference(w, "procuringEntity", buyer, c.EntityName);
        w.WriteEndObject();
        if (supplier is not null)
        {
            w.WriteStartArray("suppliers");
            Reference(w, null, supplier, c.ContractorName);
            w.WriteEndArray();
        }
        // contractValue is the value signed: known only when ObrasQr saw the contract before any change (ContractFacts).
        if (facts.InitialValue is { } initial) Value(w, "contractValue", initial);
        Period(w, "contractPeriod", c.StartsOn, c.EndsOn);
        if (facts.IsFinished) Value(w, "finalValue", c.Value);
        var wroteModifications = false;
        foreach (var m in Modifications(history))
        {
            if (!wroteModifications) w.WriteStartArray("modifications");
            wroteModifications = true;
            WriteModification(w, m);
        }
        if (wroteModifications) w.WriteEndArray();
        w.WriteEndObject(); // summary
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    static void WriteModification(Utf8JsonWriter w, Modification m)
    {
        w.WriteStartObject();
        w.WriteString("id", m.Id);
        w.WriteString("date", DateTime(m.Seen));
        w.WriteString("type", m.Type);
        if (m.Type == "value")
        {
            w.WriteString("description", "El valor del contrato cambió entre dos sincronizaciones con SECOP II.");
            Value(w, "oldContractValue", m.Before.Value);
            Value(w, "newContractValue", m.After.Value);
        }
        else
        {
            w.WriteString("description", "El plazo del contrato cambió entre dos sincronizaciones con SECOP II.");
            Period(w, "oldContractPeriod", m.Before.StartsOn, m.Before.EndsOn);
            Period(w, "newContractPeriod", m.After.StartsOn, m.After.EndsOn);
        }
        w.WriteEndObject();
    }

    static void Locations(Utf8JsonWriter w, Contract c)
    {
        if (Present(c.Location) is null && Present(c.City) is null && Present(c.Department) is null) return;
        w.WriteStartArray("locations");
        w.WriteStartObject();
        w.WriteString("id", "1");
        Text(w, "description", c.Location);
        w.WriteStartObject("address");
        Text(w, "streetAddress", c.Location);
        Text(w, "locality", c.City);
        Text(w, "region", c.Department);
        w.WriteString("countryName", "Colombia");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    // OC4IDS: one party per organisation, with every role it plays. When SECOP's supplier NIT is the entity's own (an
    // entity contracting one of its own bodies), buyer and supplier are one organisation: one party with both roles,
    // so party ids stay unique in the project.
    static void Parties(Utf8JsonWriter w, Contract c, string? buyer, string? supplier)
    {
        if (buyer is null && supplier is null) return;
        w.WriteStartArray("parties");
        if (buyer is not null && buyer == supplier)
            Party(w, buyer, c.EntityName, Present(c.EntityNit), "buyer", "procuringEntity", "publicAuthority", "supplier");
        else
        {
            if (buyer is not null) Party(w, buyer, c.EntityName, Present(c.EntityNit), "buyer", "procuringEntity", "publicAuthority");
            if (supplier is not null) Party(w, supplier, c.ContractorName, SupplierNit(c), "supplier");
        }
        w.WriteEndArray();
    }

    static void Party(Utf8JsonWriter w, string id, string? name, string? nit, params ReadOnlySpan<string> roles)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        Text(w, "name", name);
        if (nit is not null)
        {
            w.WriteStartObject("identifier");
            w.WriteString("scheme", NitScheme);
            w.WriteString("id", nit);
            Text(w, "legalName", name);
            w.WriteEndObject();
        }
        w.WriteStartArray("roles");
        foreach (var role in roles) w.WriteStringValue(role);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    static void Documents(Utf8JsonWriter w, Contract c, string baseUrl)
    {
        w.WriteStartArray("documents");
        w.WriteStartObject();
        w.WriteString("id", "obrasqr");
        w.WriteString("title", "Página de la obra en ObrasQr");
        w.WriteString("url", $"{baseUrl}/o/{Uri.EscapeDataString(c.ContractId)}");
        w.WriteEndObject();
        if (Uri.TryCreate(c.ProcessUrl?.Trim(), UriKind.Absolute, out var secop) && secop.Scheme is "https" or "http")
        {
            w.WriteStartObject();
            w.WriteString("id", "secop-ii");
            w.WriteString("title", "Proceso en SECOP II");
            w.WriteString("url", secop.AbsoluteUri);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>Colombia's tax id (NIT, from the DIAN). No org-id.guide list code is registered for it; the scheme says
    /// what the number is.</summary>
    public const string NitScheme = "CO-NIT";

    static string? BuyerId(Contract c) =>
        Present(c.EntityNit) is { } nit ? $"{NitScheme}-{nit}" : Present(c.EntityName) is not null ? "comprador" : null;

    // A contractor who is a person is identified in SECOP by a cédula: personal data (Ley 1581 de 2012) that open data
    // does not repeat. Only a company's NIT becomes an identifier; a person is named as SECOP names them.
    static string? SupplierNit(Contract c) =>
        ContractFacts.DocumentLabel(c.ContractorDocumentType) == "NIT" ? Present(c.ContractorDocument) : null;

    static string? SupplierId(Contract c) =>
        SupplierNit(c) is { } nit ? $"{NitScheme}-{nit}" : Present(c.ContractorName) is not null ? "contratista" : null;

    static void Reference(Utf8JsonWriter w, string? property, string id, string? name)
    {
        if (property is null) w.WriteStartObject(); else w.WriteStartObject(property);
        w.WriteString("id", id);
        Text(w, "name", name);
        w.WriteEndObject();
    }

    static void Value(Utf8JsonWriter w, string property, decimal amount)
    {
        w.WriteStartObject(property);
        w.WriteNumber("amount", amount);
        w.WriteString("currency", "COP");
        w.WriteEndObject();
    }

    static void Period(Utf8JsonWriter w, string property, DateOnly? start, DateOnly? end)
    {
        if (start is null && end is null) return; // a Period has at least one property
        w.WriteStartObject(property);
        if (start is { } s) w.WriteString("startDate", DateTime(s));
        if (end is { } e) w.WriteString("endDate", DateTime(e));
        if (start is { } s2 && end is { } e2 && e2 >= s2) w.WriteNumber("durationInDays", e2.DayNumber - s2.DayNumber);
        w.WriteEndObject();
    }

    /// <summary>A SECOP day as the start of that day in Colombia (OC4IDS dates are date-times with an offset).</summary>
    public static string DateTime(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00-05:00";

    // OC4IDS strings have minLength 1: an empty SECOP cell is left out, never written as "".
    static void Text(Utf8JsonWriter w, string property, string? text)
    {
        if (Present(text) is { } t) w.WriteString(property, t);
    }

    static string? Present(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

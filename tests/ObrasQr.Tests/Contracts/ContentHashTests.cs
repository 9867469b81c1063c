using System.Globalization;
using System.Reflection;
using ObrasQr.Contracts;

namespace ObrasQr.Tests.Contracts;

/// <summary>The content hash decides whether an import adds a version: it covers the listed SECOP facts and nothing else.</summary>
public sealed class ContentHashTests
{
    // Every property set, none at a default, so that each fact is seen by the hash.
    static readonly Contract Pinned = new()
    {
        ContractId = "CO1.PCCNTR.5551234", ProcessId = "CO1.BDOS.4899402", Reference = "SIF-LP-004-2026",
        EntityName = "ALCALDÍA DE TURBACO", EntityNit = "890480184", Department = "Bolívar", City = "Turbaco",
        Location = "Colombia, Bolívar, Turbaco", Status = "En ejecución", Type = "Obra",
        Modality = "Licitación pública Obra Publica", Object = "Puente \"La Esperanza\", vía Turbaco–Arjona",
        ProcessDescription = "Construcción del puente", ContractorName = "CONSORCIO ÑANDÚ",
        ContractorDocumentType = "NIT", ContractorDocument = "901987452", LegalRepresentative = "JOSÉ PEÑA",
        LegalRepresentativeId = "1047385921", ProcessUrl = "https://community.secop.gov.co/Public/Tendering/OpportunityDetail/Index?noticeUID=CO1.NTC.1",
        Duration = "24 Mes(es)", ResourceOrigin = "Distribuido", Value = 10_979_236_356.50m, InvoicedValue = 0m,
        PaidValue = 3_080_250m, PendingPaymentValue = 1_000m, PendingExecutionValue = 10_976_156_106.50m, AddedDays = 30,
        SignedOn = new DateOnly(2025, 9, 18), StartsOn = new DateOnly(2025, 10, 1), EndsOn = new DateOnly(2027, 9, 30),
        ExecutionStartsOn = new DateOnly(2025, 10, 2), ExecutionEndsOn = new DateOnly(2027, 10, 30), CanBeExtended = true,
        UpdatedInSecop = new DateTime(2026, 7, 20, 10, 30, 0),
    };

    static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    static PropertyInfo Property(string name) => typeof(Contract).GetProperty(name)!;

    // A copy of the contract with one property set to another value of its type.
    static Contract WithOther(Contract contract, PropertyInfo property)
    {
        var copy = contract with { };
        object? other = property.GetValue(contract) switch
        {
            string s => s + " (otro)",
            decimal d => d + 1,
            int i => i + 1,
            DateOnly d => d.AddDays(1),
            DateTime t => t.AddDays(1),
            bool b => !b,
            // A fact the fixed contract leaves out (a new SECOP column, until someone gives it a value there).
            null when property.PropertyType == typeof(string) => "otro",
            null => (Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType) switch
            {
                var t when t == typeof(decimal) => 1m,
                var t when t == typeof(int) => 1,
                var t when t == typeof(DateOnly) => new DateOnly(2026, 1, 1),
                var t when t == typeof(DateTime) => new DateTime(2026, 1, 1),
                var t when t == typeof(bool) => true,
                _ => throw new InvalidOperationException($"No value known for {property.Name}."),
            },
            var v => throw new InvalidOperationException($"No other value known for {property.Name} = {v}."),
        };
        property.SetValue(copy, other);
        return copy;
    }

    [Fact]
    public void The_hash_of_a_fixed_contract_is_pinned()
    {
        // SHA-256 of "ContractId=18:CO1.PCCNTR.5551234\nProcessId=16:CO1.BDOS.4899402\n..." (checked apart, in Python).
        Assert.Equal("v2:a12eaf42c86ea83c868e4cc67fb5f5407e32977082b5408331c4eb466b99c630", Pinned.ContentHash());
    }

    [Fact]
    public void The_hash_is_SHA256_of_the_facts_written_out_in_their_documented_formats()
    {
        // The documented scheme spelled out slowly (custom formats, string concatenation) against the fast writer, over
        // amounts of every scale and sign, dates of every width, and text outside ASCII.
        var random = new Random(20261202);
        for (var i = 0; i < 2_000; i++)
        {
            var scale = (byte)random.Next(0, 29);
            var amount = new decimal(random.Next(), random.Next(0, 3) == 0 ? 0 : random.Next(), 0, random.Next(0, 2) == 0, scale);
            var contract = Pinned with
            {
                Value = amount, PaidValue = random.Next(0, 4) == 0 ? null : Math.Round(amount, random.Next(0, 3)),
                InvoicedValue = random.Next(0, 3) == 0 ? 0.000m : -amount, PendingExecutionValue = decimal.Truncate(amount),
                SignedOn = DateOnly.FromDayNumber(random.Next(0, DateOnly.MaxValue.DayNumber)), EndsOn = random.Next(0, 2) == 0 ? null : new DateOnly(1, 1, 1),
                Object = i % 3 == 0 ? "" : $"Vía {i} – ñandú 🚧 \"{amount}\"", AddedDays = random.Next(-5, 1000),
            };
            Assert.Equal(SpelledOut(contract), contract.ContentHash());
        }
    }

    static string SpelledOut(Contract c)
    {
        static string? Amount(decimal? v) => v is null ? null : v == 0 ? "0" : v.Value.ToString("0.############################", CultureInfo.InvariantCulture);
        static string? Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (string, string?)[] facts =
        [
            ("ContractId", c.ContractId), ("ProcessId", c.ProcessId), ("Reference", c.Reference), ("EntityName", c.EntityName),
            ("EntityNit", c.EntityNit), ("Department", c.Department), ("City", c.City), ("Location", c.Location), ("Status", c.Status),
            ("Type", c.Type), ("Modality", c.Modality), ("Object", c.Object), ("ProcessDescription", c.ProcessDescription),
            ("ContractorName", c.ContractorName), ("ContractorDocumentType", c.ContractorDocumentType), ("ContractorDocument", c.ContractorDocument),
            ("LegalRepresentative", c.LegalRepresentative), ("LegalRepresentativeId", c.LegalRepresentativeId), ("ProcessUrl", c.ProcessUrl),
            ("Duration", c.Duration), ("ResourceOrigin", c.ResourceOrigin), ("Value", Amount(c.Value)), ("InvoicedValue", Amount(c.InvoicedValue)),
            ("PaidValue", Amount(c.PaidValue)), ("PendingPaymentValue", Amount(c.PendingPaymentValue)),
            ("PendingExecutionValue", Amount(c.PendingExecutionValue)), ("AddedDays", c.AddedDays?.ToString(CultureInfo.InvariantCulture)),
            ("SignedOn", Day(c.SignedOn)), ("StartsOn", Day(c.StartsOn)), ("EndsOn", Day(c.EndsOn)), ("ExecutionStartsOn", Day(c.ExecutionStartsOn)),
            ("ExecutionEndsOn", Day(c.ExecutionEndsOn)), ("CanBeExtended", c.CanBeExtended switch { true => "true", false => "false", null => null }),
        ];
        var text = string.Concat(facts.Where(f => f.Item2 is not null).Select(f => $"{f.Item1}={f.Item2!.Length}:{f.Item2}\n"));
        return "v2:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void The_legacy_hash_is_the_one_stored_before_the_scheme_changed()
    {
        // Computed by the former Contract.ContentHash (the serialised record) for this same contract.
        Assert.Equal("5de99f06c9a08cc3c1a9773145dfd6109a54523ec89b6265582edecf3a2b209c", LegacyContentHash.Of(Pinned));
        Assert.True(LegacyContentHash.Is(LegacyContentHash.Of(Pinned)));
        Assert.False(LegacyContentHash.Is(Pinned.ContentHash()));
    }

    [Fact]
    public void Each_listed_fact_changes_the_hash_and_so_does_leaving_it_out()
    {
        Assert.Equal(Contract.HashedFacts.Count, Contract.HashedFacts.Select(f => f.Name).Distinct().Count());
        foreach (var (name, _) in Contract.HashedFacts)
        {
            var property = Property(name);
            Assert.NotEqual(Pinned.ContentHash(), WithOther(Pinned, property).ContentHash());
            if (property.GetValue(Pinned) is not null && (Nullable.GetUnderlyingType(property.PropertyType) is not null || property.PropertyType == typeof(string) && name != nameof(Contract.ContractId)))
            {
                var withNull = Pinned with { };
                property.SetValue(withNull, null);
                Assert.NotEqual(Pinned.ContentHash(), withNull.ContentHash());
            }
        }
    }

    [Fact]
    public void Properties_outside_the_list_do_not_change_the_hash()
    {
        var listed = Contract.HashedFacts.Select(f => f.Name).ToHashSet();
        var others = typeof(Contract).GetProperties().Where(p => !listed.Contains(p.Name)).ToList();

        Assert.Contains(others, p => p.Name == nameof(Contract.IsSigned));
        Assert.Contains(others, p => p.Name == nameof(Contract.IsPublishedWork));
        foreach (var property in others.Where(p => p.CanWrite))
            Assert.Equal(Pinned.ContentHash(), WithOther(Pinned, property).ContentHash());
        // Whatever else the record holds, or comes to hold, a contract built from the listed facts alone hashes the same.
        var factsOnly = new Contract { ContractId = Pinned.ContractId };
        foreach (var (name, _) in Contract.HashedFacts) Property(name).SetValue(factsOnly, Property(name).GetValue(Pinned));
        Assert.Equal(Pinned.ContentHash(), factsOnly.ContentHash());
    }

    [Fact]
    public void Every_stored_property_is_a_listed_fact_but_the_secop_stamp()
    {
        // A new SECOP column left out of the list would never make a version: deciding is part of adding it.
        var listed = Contract.HashedFacts.Select(f => f.Name).ToHashSet();
        var unlisted = typeof(Contract).GetProperties().Where(p => p.CanWrite && !listed.Contains(p.Name)).Select(p => p.Name);
        Assert.Equal([nameof(Contract.UpdatedInSecop)], unlisted);
    }

    [Fact]
    public void Decimal_scale_does_not_change_the_hash()
    {
        var plain = Pinned with { Value = 1000m, PaidValue = 0.5m, InvoicedValue = 0m };
        var scaled = Pinned with { Value = 1000.00m, PaidValue = 0.500m, InvoicedValue = 0.00m };
        var negativeZero = Pinned with { Value = 1000.0m, PaidValue = 0.50m, InvoicedValue = -0.00m };

        Assert.Equal(plain.ContentHash(), scaled.ContentHash());
        Assert.Equal(plain.ContentHash(), negativeZero.ContentHash());
        Assert.NotEqual(plain.ContentHash(), (plain with { Value = 1000.01m }).ContentHash());
    }

    [Fact]
    public void Empty_text_and_text_left_out_hash_differently()
    {
        Assert.NotEqual((Pinned with { Object = "" }).ContentHash(), (Pinned with { Object = null }).ContentHash());
        // A value cannot pass for the end of one fact and the start of the next.
        Assert.NotEqual((Pinned with { City = "a", Location = "b" }).ContentHash(), (Pinned with { City = "a\nLocation=1:b", Location = null }).ContentHash());
    }

    [Fact]
    public void The_hash_does_not_depend_on_the_current_culture()
    {
        var invariant = Pinned.ContentHash();
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("es-CO");
            Assert.Equal(invariant, Pinned.ContentHash());
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void The_next_version_over_a_legacy_hash_is_none_for_the_same_facts_and_carries_the_new_scheme_otherwise()
    {
        var stored = new ContractVersion(Pinned.ContractId, 1, Pinned, LegacyContentHash.Of(Pinned), T0, "export:antes");

        Assert.Null(stored.Next(Pinned with { UpdatedInSecop = null }, T0.AddDays(1), "export:1"));
        var changed = stored.Next(Pinned with { Value = 1m }, T0.AddDays(1), "export:1");
        Assert.Equal(2, changed!.Number);
        Assert.Equal((Pinned with { Value = 1m }).ContentHash(), changed.ContentHash);
    }
}

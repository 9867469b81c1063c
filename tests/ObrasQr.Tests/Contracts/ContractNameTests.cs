using ObrasQr.Contracts;

namespace ObrasQr.Tests.Contracts;

public sealed class ContractNameTests
{
    static Contract Work(string? objeto, string? descripcion) =>
        new() { ContractId = "CO1.PCCNTR.1", Type = "Obra", Value = 1m, Object = objeto, ProcessDescription = descripcion };

    [Theory]
    [InlineData("Pavimentación de la calle 5", "Proceso de pavimentación", "Pavimentación de la calle 5")]
    [InlineData(null, "Construcción del puente de Olaya", "Construcción del puente de Olaya")]
    [InlineData("  ", " Construcción del puente de Olaya ", "Construcción del puente de Olaya")]
    [InlineData("Sin Descripcion", "Construcción del puente de Olaya", "Construcción del puente de Olaya")]
    [InlineData("N/D", "No Definido", "Contrato CO1.PCCNTR.1")]
    [InlineData(null, null, "Contrato CO1.PCCNTR.1")]
    public void A_works_name_is_its_object_else_its_process_description_else_its_contract_id(string? objeto, string? descripcion, string name) =>
        Assert.Equal(name, Work(objeto, descripcion).Name);

    [Fact]
    public void The_name_is_not_stored_with_the_contract() =>
        Assert.DoesNotContain("\"name\"", ContractJson.Serialize(Work(null, "Puente")));
}

using ObrasQr.Http;
using ObrasQr.Reports;

namespace ObrasQr.Tests.Reports;

/// <summary>A refused status change says which field to fix in the one shape every refusal has (<see cref="FieldProblem"/>).</summary>
public sealed class StatusChangeRuleTests
{
    [Fact]
    public void A_change_without_a_note_is_refused_on_the_note_as_unprocessable()
    {
        var problem = ReportStatus.WhyNot(ReportStatus.Received, ReportStatus.InReview, note: " ");

        Assert.Equal(new FieldProblem("note", "Escriba una nota para el historial: es obligatoria en cada cambio de estado.", 422), problem);
    }

    [Fact]
    public void A_change_the_workflow_allows_has_no_problem() =>
        Assert.Null(ReportStatus.WhyNot(ReportStatus.Received, ReportStatus.InReview, "Empezamos a revisarlo."));
}

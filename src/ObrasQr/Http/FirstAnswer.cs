namespace ObrasQr.Http;

/// <summary>
/// Set once the instance has answered its first request. A Flex instance is usually started by that request (a
/// citizen's scan): work that reads the whole store to warm caches waits for it, so it never competes with the answer
/// the citizen is waiting for (bench/cold-start).
/// </summary>
public sealed class FirstAnswer
{
    readonly TaskCompletionSource sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsSent => sent.Task.IsCompleted;

    public void MarkSent() => sent.TrySetResult();

    /// <summary>Completes when the first answer was sent, or after <paramref name="atMost"/> if none comes (an instance
    /// started by a deployment with no one asking yet).</summary>
    public Task SentOrAfterAsync(TimeSpan atMost, TimeProvider clock, CancellationToken ct) =>
        Task.WhenAny(sent.Task, Task.Delay(atMost, clock, ct));
}

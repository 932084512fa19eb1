using ModelScale.ChatHost.Terminal;

namespace ModelScale.ChatHost.Tests.Terminal;

public sealed class InterruptHandlerTests
{
    [Fact]
    public void FirstInterrupt_StopsTheAnswer_SecondExits()
    {
        using var handler = new InterruptHandler();
        var answer = handler.BeginAnswer(CancellationToken.None);

        Assert.True(handler.Interrupt());
        Assert.True(answer.IsCancellationRequested);
        Assert.False(handler.Interrupt());
    }

    [Fact]
    public void Interrupt_WithNoAnswerRunning_Exits()
    {
        using var handler = new InterruptHandler();
        handler.BeginAnswer(CancellationToken.None);
        handler.EndAnswer();

        Assert.False(handler.Interrupt());
    }
}

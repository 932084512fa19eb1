namespace ModelScale.ChatHost.Engine.Decoding.Grammar;

/// <summary>
/// A grammar in llama.cpp's GBNF, with the rule generation starts from. Given to the sampling pipeline, it leaves the
/// model only the tokens that keep the output inside the grammar, and only end-of-generation once the root is complete.
/// </summary>
public sealed record GbnfGrammar(string Text, string Root = "root");

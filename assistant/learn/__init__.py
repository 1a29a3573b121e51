"""Learn mode: quizzes made from the parsed text, checked and explained with quotes, and progress.

Modules: ``quiz`` (drawing and checking a quiz), ``kinds`` (one object per question kind: make, check,
explain), ``act`` (an act's tree indexed for question making, and wrong options), ``text`` (periods, key
phrases, verbatim windows), ``progress`` (right and wrong per article).
Nothing here imports gradio; the web app and the CLI show what these return.
"""

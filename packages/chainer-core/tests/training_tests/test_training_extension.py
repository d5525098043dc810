"""Tests of Extension, make_extension and how the trainer registers and calls extensions."""

import pytest

from chainer import training
from chainer.testing.training import get_trainer_with_mock_updater


def test_priority_constants():
    assert training.PRIORITY_WRITER > training.PRIORITY_EDITOR > training.PRIORITY_READER
    assert (training.PRIORITY_WRITER, training.PRIORITY_EDITOR, training.PRIORITY_READER) == (
        300,
        200,
        100,
    )


def test_extension_defaults():
    class MyExtension(training.Extension):
        def __call__(self, trainer):
            pass

    ext = MyExtension()
    assert ext.trigger == (1, "iteration")
    assert ext.priority == training.PRIORITY_READER
    assert ext.name is None
    assert ext.default_name == "MyExtension"
    # The hooks exist and do nothing.
    ext.initialize(None)
    ext.on_error(None, RuntimeError(), None)
    ext.finalize()
    ext.serialize(None)


def test_extension_base_call_is_abstract():
    with pytest.raises(NotImplementedError, match="__call__"):
        training.Extension()(None)


def test_make_extension_sets_attributes():
    def fin():
        pass

    def init(trainer):
        pass

    def err(trainer, exc, tb):
        pass

    @training.make_extension(
        trigger=(2, "epoch"),
        default_name="nice",
        priority=training.PRIORITY_WRITER,
        finalizer=fin,
        initializer=init,
        on_error=err,
    )
    def ext(trainer):
        pass

    assert ext.trigger == (2, "epoch")
    assert ext.default_name == "nice"
    assert ext.priority == training.PRIORITY_WRITER
    assert ext.finalize is fin and ext.initialize is init and ext.on_error is err


def test_make_extension_defaults_and_bad_kwargs():
    @training.make_extension()
    def my_ext(trainer):
        pass

    assert my_ext.trigger == (1, "iteration")
    assert my_ext.priority == training.PRIORITY_READER
    assert my_ext.default_name == "my_ext"
    with pytest.raises(TypeError, match="initializer"):
        training.make_extension(invoke_before_training=True)
    with pytest.raises(TypeError, match="unexpected"):
        training.make_extension(foo=1)


def test_extensions_run_in_priority_order_then_registration_order():
    trainer = get_trainer_with_mock_updater((2, "iteration"))
    calls = []

    def make(tag):
        return lambda t: calls.append((t.updater.iteration, tag))

    trainer.extend(make("reader1"), name="reader1", priority=training.PRIORITY_READER)
    trainer.extend(make("writer"), name="writer", priority=training.PRIORITY_WRITER)
    trainer.extend(make("reader2"), name="reader2")  # a lambda: default priority READER
    trainer.extend(make("editor"), name="editor", priority=training.PRIORITY_EDITOR)
    trainer.run()
    assert calls == [
        (1, "writer"),
        (1, "editor"),
        (1, "reader1"),
        (1, "reader2"),
        (2, "writer"),
        (2, "editor"),
        (2, "reader1"),
        (2, "reader2"),
    ]


def test_extension_attributes_are_defaults_of_extend():
    trainer = get_trainer_with_mock_updater((6, "iteration"), iter_per_epoch=2)
    calls = []

    class Every3(training.Extension):
        trigger = 3, "iteration"
        priority = training.PRIORITY_WRITER

        def __call__(self, t):
            calls.append(("every3", t.updater.iteration))

    @training.make_extension(trigger=(1, "epoch"))
    def per_epoch(t):
        calls.append(("epoch", t.updater.iteration))

    trainer.extend(Every3())
    trainer.extend(per_epoch)
    trainer.extend(per_epoch, trigger=(3, "epoch"), name="override")
    trainer.run()
    assert calls == [
        ("epoch", 2),
        ("every3", 3),
        ("epoch", 4),
        ("every3", 6),
        ("epoch", 6),
        ("epoch", 6),
    ]


def test_extend_names_and_get_extension():
    trainer = get_trainer_with_mock_updater()

    class Named(training.Extension):
        def __call__(self, t):
            pass

    a, b, c = Named(), Named(), Named()
    trainer.extend(a)
    trainer.extend(b)
    trainer.extend(c, name="custom")

    def func_ext(t):
        pass

    trainer.extend(func_ext)
    assert (a.name, b.name, c.name) == ("Named", "Named_1", "custom")
    assert trainer.get_extension("Named_1") is b
    assert trainer.get_extension("func_ext") is func_ext
    with pytest.raises(ValueError, match="not found"):
        trainer.get_extension("nothing")
    with pytest.raises(ValueError, match="training"):
        trainer.extend(Named(), name="training")


def test_extend_without_any_name_raises():
    class Anonymous:
        def __call__(self, trainer):
            pass

    trainer = get_trainer_with_mock_updater()
    with pytest.raises(TypeError, match="name"):
        trainer.extend(Anonymous())


def test_initialize_finalize_and_call_before_training():
    events = []

    class Ext(training.Extension):
        trigger = 2, "iteration"

        def initialize(self, trainer):
            events.append(("init", self.name, trainer.updater.iteration))

        def __call__(self, trainer):
            events.append(("call", self.name, trainer.updater.iteration))

        def finalize(self):
            events.append(("finalize", self.name))

    trainer = get_trainer_with_mock_updater((4, "iteration"))
    trainer.extend(Ext(), name="a")
    trainer.extend(Ext(), name="b", call_before_training=True, priority=training.PRIORITY_WRITER)
    trainer.run()
    assert events == [
        ("init", "b", 0),
        ("init", "a", 0),
        ("call", "b", 0),
        ("call", "b", 2),
        ("call", "a", 2),
        ("call", "b", 4),
        ("call", "a", 4),
        ("finalize", "b"),
        ("finalize", "a"),
    ]


def test_initialize_skipped_when_trigger_finished():
    from chainer.training import triggers

    events = []
    trigger = triggers.OnceTrigger()
    trigger(None)  # already fired, as after a resume
    ext = training.make_extension(initializer=lambda t: events.append("init"))(
        lambda t: events.append("call")
    )
    trainer = get_trainer_with_mock_updater((2, "iteration"))
    trainer.extend(ext, name="once", trigger=trigger)
    trainer.run()
    assert events == []


def test_on_error_then_finalize_then_reraise(capsys):
    events = []

    class Failing(training.Extension):
        def __call__(self, trainer):
            if trainer.updater.iteration == 3:
                raise ValueError("boom")

    class Watcher(training.Extension):
        def __call__(self, trainer):
            pass

        def on_error(self, trainer, exc, tb):
            events.append(("on_error", type(exc).__name__, str(exc), tb is not None))

        def finalize(self):
            events.append(("finalize",))

    class BrokenHandler(training.Extension):
        def __call__(self, trainer):
            pass

        def on_error(self, trainer, exc, tb):
            raise RuntimeError("handler broke")

    trainer = get_trainer_with_mock_updater((10, "iteration"))
    trainer.extend(Failing(), priority=training.PRIORITY_WRITER)
    trainer.extend(BrokenHandler(), priority=training.PRIORITY_EDITOR)
    trainer.extend(Watcher())
    with pytest.raises(ValueError, match="boom"):
        trainer.run()
    assert events == [("on_error", "ValueError", "boom", True), ("finalize",)]
    err = capsys.readouterr().err
    assert "Exception in main training loop: boom" in err
    assert "Exception in error handler: handler broke" in err
    assert trainer.updater.iteration == 3


def test_on_error_message_can_be_silenced(capsys):
    trainer = get_trainer_with_mock_updater((10, "iteration"))
    trainer.updater.update_core.side_effect = KeyError("in update")
    with pytest.raises(KeyError):
        trainer.run(show_loop_exception_msg=False)
    assert capsys.readouterr().err == ""

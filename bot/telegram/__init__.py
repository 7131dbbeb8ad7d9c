"""Telegram gateway: Telegram chats in, Rasa's REST channel behind, pseudonyms in between.

Run it with `python -m bot telegram`. The parts are small on purpose:
`application` wires everything, `handlers` decides what an update means,
`conversation` talks to Rasa and sends the answer, `rendering` turns Rasa messages into
Telegram messages, `webhook`/`runner` bring updates in.
"""

"""The core schema of ``jmap.model.JourneyMap`` (see ``jmap.stored_schema``).

Made by ``python3 -m jmap.stored_schema --write``; do not edit.
"""

# ruff: noqa: E501
from typing import Any

from jmap import model

PYDANTIC = '2.13.4'
PYDANTIC_CORE = '2.46.4'
SOURCE = 'ed58dae9'
CONFIG: Any = {'title': 'JourneyMap', 'extra_fields_behavior': 'allow'}
SCHEMA: Any = {
    'type': 'definitions',
    'schema': {
        'type': 'model',
        'cls': model.JourneyMap,
        'schema': {
            'type': 'function-before',
            'function': {'type': 'no-info', 'function': model.JourneyMap._only_x_extras},
            'schema': {
                'type': 'model-fields',
                'fields': {
                    'jmap': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'function-before',
                            'function': {'type': 'no-info', 'function': model.JourneyMap._version},
                            'schema': {'type': 'literal', 'expected': [1]},
                        },
                    },
                    'id': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'default',
                            'schema': {
                                'type': 'function-before',
                                'function': {'type': 'no-info', 'function': model._text},
                                'schema': {
                                    'type': 'nullable',
                                    'schema': {'type': 'str', 'pattern': '^[a-z0-9][a-z0-9-]*$'},
                                },
                            },
                            'default': None,
                        },
                    },
                    'title': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'function-before',
                            'function': {'type': 'no-info', 'function': model._text},
                            'schema': {'type': 'str'},
                        },
                    },
                    'kind': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'default',
                            'schema': {
                                'type': 'function-before',
                                'function': {'type': 'no-info', 'function': model._word},
                                'schema': {
                                    'type': 'nullable',
                                    'schema': {
                                        'type': 'literal',
                                        'expected': ['current-state', 'future-state', 'strategic', 'tactical', 'persona'],
                                    },
                                },
                                'json_schema_input_schema': {'type': 'any'},
                            },
                            'default': None,
                        },
                    },
                    'segment': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'default',
                            'schema': {
                                'type': 'function-before',
                                'function': {'type': 'no-info', 'function': model._text},
                                'schema': {'type': 'nullable', 'schema': {'type': 'str'}},
                                'json_schema_input_schema': {
                                    'type': 'nullable',
                                    'schema': {
                                        'type': 'union',
                                        'choices': [{'type': 'str'}, {'type': 'int'}, {'type': 'float'}],
                                    },
                                },
                            },
                            'default': None,
                        },
                    },
                    'persona': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'default',
                            'schema': {
                                'type': 'function-before',
                                'function': {'type': 'no-info', 'function': model._text},
                                'schema': {'type': 'nullable', 'schema': {'type': 'str'}},
                                'json_schema_input_schema': {
                                    'type': 'nullable',
                                    'schema': {
                                        'type': 'union',
                                        'choices': [{'type': 'str'}, {'type': 'int'}, {'type': 'float'}],
                                    },
                                },
                            },
                            'default': None,
                        },
                    },
                    'scope': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'default',
                            'schema': {
                                'type': 'function-before',
                                'function': {'type': 'no-info', 'function': model._text},
                                'schema': {'type': 'nullable', 'schema': {'type': 'str'}},
                                'json_schema_input_schema': {
                                    'type': 'nullable',
                                    'schema': {
                                        'type': 'union',
                                        'choices': [{'type': 'str'}, {'type': 'int'}, {'type': 'float'}],
                                    },
                                },
                            },
                            'default': None,
                        },
                    },
                    'owner': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'default',
                            'schema': {
                                'type': 'function-before',
                                'function': {'type': 'no-info', 'function': model._text},
                                'schema': {'type': 'nullable', 'schema': {'type': 'str'}},
                                'json_schema_input_schema': {
                                    'type': 'nullable',
                                    'schema': {
                                        'type': 'union',
                                        'choices': [{'type': 'str'}, {'type': 'int'}, {'type': 'float'}],
                                    },
                                },
                            },
                            'default': None,
                        },
                    },
                    'goals': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'default',
                            'schema': {
                                'type': 'function-before',
                                'function': {'type': 'no-info', 'function': model._empty_list_for_none},
                                'schema': {
                                    'type': 'function-before',
                                    'function': {'type': 'no-info', 'function': model._text_list},
                                    'schema': {'type': 'list', 'items_schema': {'type': 'str'}},
                                    'json_schema_input_schema': {
                                        'type': 'nullable',
                                        'schema': {
                                            'type': 'union',
                                            'choices': [
                                                {'type': 'str'},
                                                {
                                                    'type': 'list',
                                                    'items_schema': {
                                                        'type': 'union',
                                                        'choices': [{'type': 'str'}, {'type': 'int'}, {'type': 'float'}],
                                                    },
                                                },
                                            ],
                                        },
                                    },
                                },
                            },
                            'default_factory': list,
                            'default_factory_takes_data': False,
                        },
                    },
                    'review': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'default',
                            'schema': {
                                'type': 'function-after',
                                'function': {'type': 'no-info', 'function': model._none_for_empty},
                                'schema': {
                                    'type': 'nullable',
                                    'schema': {
                                        'type': 'model',
                                        'cls': model.Review,
                                        'schema': {
                                            'type': 'function-before',
                                            'function': {'type': 'no-info', 'function': model.Review._only_x_extras},
                                            'schema': {
                                                'type': 'model-fields',
                                                'fields': {
                                                    'last_reviewed': {
                                                        'type': 'model-field',
                                                        'schema': {
                                                            'type': 'default',
                                                            'schema': {
                                                                'type': 'function-before',
                                                                'function': {'type': 'no-info', 'function': model._date},
                                                                'schema': {
                                                                    'type': 'nullable',
                                                                    'schema': {'type': 'date'},
                                                                },
                                                                'json_schema_input_schema': {
                                                                    'type': 'nullable',
                                                                    'schema': {'type': 'date'},
                                                                },
                                                                'serialization': {
                                                                    'type': 'function-plain',
                                                                    'function': model._iso_date,
                                                                    'info_arg': False,
                                                                    'return_schema': {
                                                                        'type': 'nullable',
                                                                        'schema': {'type': 'str'},
                                                                    },
                                                                    'when_used': 'json',
                                                                },
                                                            },
                                                            'default': None,
                                                        },
                                                    },
                                                    'every': {
                                                        'type': 'model-field',
                                                        'schema': {
                                                            'type': 'default',
                                                            'schema': {
                                                                'type': 'function-before',
                                                                'function': {
                                                                    'type': 'no-info',
                                                                    'function': model._cadence,
                                                                },
                                                                'schema': {
                                                                    'type': 'nullable',
                                                                    'schema': {'type': 'str'},
                                                                },
                                                                'json_schema_input_schema': {
                                                                    'type': 'nullable',
                                                                    'schema': {'type': 'str'},
                                                                },
                                                            },
                                                            'default': None,
                                                        },
                                                    },
                                                },
                                                'model_name': 'Review',
                                                'computed_fields': [],
                                            },
                                        },
                                        'custom_init': False,
                                        'root_model': False,
                                        'config': {'title': 'Review', 'extra_fields_behavior': 'allow'},
                                        'ref': 'jmap.model.Review:0',
                                    },
                                },
                            },
                            'default': None,
                        },
                    },
                    'evidence': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'default',
                            'schema': {
                                'type': 'function-before',
                                'function': {'type': 'no-info', 'function': model._empty_list_for_none},
                                'schema': {
                                    'type': 'function-before',
                                    'function': {'type': 'no-info', 'function': model._model_list},
                                    'schema': {
                                        'type': 'list',
                                        'items_schema': {'type': 'definition-ref', 'schema_ref': 'jmap.model.Evidence:1'},
                                    },
                                    'json_schema_input_schema': {
                                        'type': 'nullable',
                                        'schema': {
                                            'type': 'list',
                                            'items_schema': {'type': 'definition-ref', 'schema_ref': 'jmap.model.Evidence:1'},
                                        },
                                    },
                                },
                            },
                            'default_factory': list,
                            'default_factory_takes_data': False,
                        },
                    },
                    'stages': {
                        'type': 'model-field',
                        'schema': {
                            'type': 'function-before',
                            'function': {'type': 'no-info', 'function': model._empty_list_for_none},
                            'schema': {
                                'type': 'list',
                                'items_schema': {
                                    'type': 'model',
                                    'cls': model.Stage,
                                    'schema': {
                                        'type': 'function-before',
                                        'function': {'type': 'no-info', 'function': model.Stage._only_x_extras},
                                        'schema': {
                                            'type': 'model-fields',
                                            'fields': {
                                                'id': {
                                                    'type': 'model-field',
                                                    'schema': {
                                                        'type': 'function-before',
                                                        'function': {'type': 'no-info', 'function': model._text},
                                                        'schema': {'type': 'str', 'pattern': '^[a-z0-9][a-z0-9-]*$'},
                                                    },
                                                },
                                                'name': {
                                                    'type': 'model-field',
                                                    'schema': {
                                                        'type': 'function-before',
                                                        'function': {'type': 'no-info', 'function': model._text},
                                                        'schema': {'type': 'str'},
                                                    },
                                                },
                                                'phase': {
                                                    'type': 'model-field',
                                                    'schema': {
                                                        'type': 'default',
                                                        'schema': {
                                                            'type': 'function-before',
                                                            'function': {'type': 'no-info', 'function': model._word},
                                                            'schema': {
                                                                'type': 'nullable',
                                                                'schema': {
                                                                    'type': 'literal',
                                                                    'expected': ['pre-sale', 'post-sale'],
                                                                },
                                                            },
                                                            'json_schema_input_schema': {'type': 'any'},
                                                        },
                                                        'default': None,
                                                    },
                                                },
                                                'owner': {
                                                    'type': 'model-field',
                                                    'schema': {
                                                        'type': 'default',
                                                        'schema': {
                                                            'type': 'function-before',
                                                            'function': {'type': 'no-info', 'function': model._text},
                                                            'schema': {'type': 'nullable', 'schema': {'type': 'str'}},
                                                            'json_schema_input_schema': {
                                                                'type': 'nullable',
                                                                'schema': {
                                                                    'type': 'union',
                                                                    'choices': [
                                                                        {'type': 'str'},
                                                                        {'type': 'int'},
                                                                        {'type': 'float'},
                                                                    ],
                                                                },
                                                            },
                                                        },
                                                        'default': None,
                                                    },
                                                },
                                                'customer_goal': {
                                                    'type': 'model-field',
                                                    'schema': {
                                                        'type': 'default',
                                                        'schema': {
                                                            'type': 'function-before',
                                                            'function': {'type': 'no-info', 'function': model._text},
                                                            'schema': {'type': 'nullable', 'schema': {'type': 'str'}},
                                                            'json_schema_input_schema': {
                                                                'type': 'nullable',
                                                                'schema': {
                                                                    'type': 'union',
                                                                    'choices': [
                                                                        {'type': 'str'},
                                                                        {'type': 'int'},
                                                                        {'type': 'float'},
                                                                    ],
                                                                },
                                                            },
                                                        },
                                                        'default': None,
                                                    },
                                                },
                                                'mindset': {
                                                    'type': 'model-field',
                                                    'schema': {
                                                        'type': 'default',
                                                        'schema': {
                                                            'type': 'function-before',
                                                            'function': {'type': 'no-info', 'function': model._text},
                                                            'schema': {'type': 'nullable', 'schema': {'type': 'str'}},
                                                            'json_schema_input_schema': {
                                                                'type': 'nullable',
                                                                'schema': {
                                                                    'type': 'union',
                                                                    'choices': [
                                                                        {'type': 'str'},
                                                                        {'type': 'int'},
                                                                        {'type': 'float'},
                                                                    ],
                                                                },
                                                            },
                                                        },
                                                        'default': None,
                                                    },
                                                },
                                                'handoff': {
                                                    'type': 'model-field',
                                                    'schema': {
                                                        'type': 'default',
                                                        'schema': {
                                                            'type': 'function-after',
                                                            'function': {
                                                                'type': 'no-info',
                                                                'function': model._none_for_empty,
                                                            },
                                                            'schema': {
                                                                'type': 'nullable',
                                                                'schema': {
                                                                    'type': 'definition-ref',
                                                                    'schema_ref': 'jmap.model.Handoff:2',
                                                                },
                                                            },
                                                        },
                                                        'default': None,
                                                    },
                                                },
                                                'expected_duration': {
                                                    'type': 'model-field',
                                                    'schema': {
                                                        'type': 'default',
                                                        'schema': {
                                                            'type': 'function-before',
                                                            'function': {'type': 'no-info', 'function': model._cadence},
                                                            'schema': {'type': 'nullable', 'schema': {'type': 'str'}},
                                                            'json_schema_input_schema': {'type': 'nullable', 'schema': {'type': 'str'}},
                                                        },
                                                        'default': None,
                                                    },
                                                },
                                                'exit_criteria': {
                                                    'type': 'model-field',
                                                    'schema': {
                                                        'type': 'default',
                                                        'schema': {
                                                            'type': 'function-before',
                                                            'function': {
                                                                'type': 'no-info',
                                                                'function': model._empty_list_for_none,
                                                            },
                                                            'schema': {
                                                                'type': 'function-before',
                                                                'function': {
                                                                    'type': 'no-info',
                                                                    'function': model._text_list,
                                                                },
                                                                'schema': {
                                                                    'type': 'list',
                                                                    'items_schema': {'type': 'str'},
                                                                },
                                                                'json_schema_input_schema': {
                                                                    'type': 'nullable',
                                                                    'schema': {
                                                                        'type': 'union',
                                                                        'choices': [
                                                                            {'type': 'str'},
                                                                            {
                                                                                'type': 'list',
                                                                                'items_schema': {
                                                                                    'type': 'union',
                                                                                    'choices': [
                                                                                        {'type': 'str'},
                                                                                        {'type': 'int'},
                                                                                        {'type': 'float'},
                                                                                    ],
                                                                                },
                                                                            },
                                                                        ],
                                                                    },
                                                                },
                                                            },
                                                        },
                                                        'default_factory': list,
                                                        'default_factory_takes_data': False,
                                                    },
                                                },
                                                'red_flags': {
                                                    'type': 'model-field',
                                                    'schema': {
                                                        'type': 'default',
                                                        'schema': {
                                                            'type': 'function-before',
                                                            'function': {
                                                                'type': 'no-info',
                                                                'function': model._empty_list_for_none,
                                                            },
                                                            'schema': {
                                                                'type': 'function-before',
                                                                'function': {
                                                                    'type': 'no-info',
                                                                    'function': model._text_list,
                                                                },
                                                                'schema': {
                                                                    'type': 'list',
                                                                    'items_schema': {'type': 'str'},
                                                                },
                                                                'json_schema_input_schema': {
                                                                    'type': 'nullable',
                                                                    'schema': {
                                                                        'type': 'union',
                                                                        'choices': [
                                                                            {'type': 'str'},
                                                                            {
                                                                                'type': 'list',
                                                                                'items_schema': {
                                                                                    'type': 'union',
                                                                                    'choices': [
                                                                                        {'type': 'str'},
                                                                                        {'type': 'int'},
                                                                                        {'type': 'float'},
                                                                                    ],
                                                                                },
                                                                            },
                                                                        ],
                                                                    },
                                                                },
                                                            },
                                                        },
                                                        'default_factory': list,
                                                        'default_factory_takes_data': False,
                                                    },
                                                },
                                                'metrics': {
                                                    'type': 'model-field',
                                                    'schema': {
                                                        'type': 'default',
                                                        'schema': {
                                                            'type': 'function-before',
                                                            'function': {
                                                                'type': 'no-info',
                                                                'function': model._empty_list_for_none,
                                                            },
                                                            'schema': {
                                                                'type': 'function-before',
                                                                'function': {
                                                                    'type': 'no-info',
                                                                    'function': model._metric_list,
                                                                },
                                                                'schema': {
                                                                    'type': 'list',
                                                                    'items_schema': {
                                                                        'type': 'definition-ref',
                                                                        'schema_ref': 'jmap.model.Metric:3',
                                                                    },
                                                                },
                                                                'json_schema_input_schema': {
                                                                    'type': 'nullable',
                                                                    'schema': {
                                                                        'type': 'union',
                                                                        'choices': [
                                                                            {'type': 'str'},
                                                                            {
                                                                                'type': 'list',
                                                                                'items_schema': {
                                                                                    'type': 'union',
                                                                                    'choices': [
                                                                                        {
                                                                                            'type': 'definition-ref',
                                                                                            'schema_ref': 'jmap.model.Metric:3',
                                                                                        },
                                                                                        {'type': 'str'},
                                                                                    ],
                                                                                },
                                                                            },
                                                                        ],
                                                                    },
                                                                },
                                                            },
                                                        },
                                                        'default_factory': list,
                                                        'default_factory_takes_data': False,
                                                    },
                                                },
                                                'touchpoints': {
                                                    'type': 'model-field',
                                                    'schema': {
                                                        'type': 'default',
                                                        'schema': {
                                                            'type': 'function-before',
                                                            'function': {
                                                                'type': 'no-info',
                                                                'function': model._empty_list_for_none,
                                                            },
                                                            'schema': {
                                                                'type': 'list',
                                                                'items_schema': {
                                                                    'type': 'model',
                                                                    'cls': model.Touchpoint,
                                                                    'schema': {
                                                                        'type': 'function-before',
                                                                        'function': {
                                                                            'type': 'no-info',
                                                                            'function': model.Touchpoint._only_x_extras,
                                                                        },
                                                                        'schema': {
                                                                            'type': 'model-fields',
                                                                            'fields': {
                                                                                'id': {
                                                                                    'type': 'model-field',
                                                                                    'schema': {
                                                                                        'type': 'function-before',
                                                                                        'function': {
                                                                                            'type': 'no-info',
                                                                                            'function': model._text,
                                                                                        },
                                                                                        'schema': {
                                                                                            'type': 'str',
                                                                                            'pattern': '^[a-z0-9][a-z0-9-]*$',
                                                                                        },
                                                                                    },
                                                                                },
                                                                                'name': {
                                                                                    'type': 'model-field',
                                                                                    'schema': {
                                                                                        'type': 'function-before',
                                                                                        'function': {
                                                                                            'type': 'no-info',
                                                                                            'function': model._text,
                                                                                        },
                                                                                        'schema': {'type': 'str'},
                                                                                    },
                                                                                },
                                                                                'channel': {
                                                                                    'type': 'model-field',
                                                                                    'schema': {
                                                                                        'type': 'default',
                                                                                        'schema': {
                                                                                            'type': 'function-before',
                                                                                            'function': {
                                                                                                'type': 'no-info',
                                                                                                'function': model._text,
                                                                                            },
                                                                                            'schema': {
                                                                                                'type': 'nullable',
                                                                                                'schema': {
                                                                                                    'type': 'str',
                                                                                                },
                                                                                            },
                                                                                            'json_schema_input_schema': {
                                                                                                'type': 'nullable',
                                                                                                'schema': {
                                                                                                    'type': 'union',
                                                                                                    'choices': [
                                                                                                        {
                                                                                                            'type': 'str',
                                                                                                        },
                                                                                                        {
                                                                                                            'type': 'int',
                                                                                                        },
                                                                                                        {
                                                                                                            'type': 'float',
                                                                                                        },
                                                                                                    ],
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                        'default': None,
                                                                                    },
                                                                                },
                                                                                'owner': {
                                                                                    'type': 'model-field',
                                                                                    'schema': {
                                                                                        'type': 'default',
                                                                                        'schema': {
                                                                                            'type': 'function-before',
                                                                                            'function': {
                                                                                                'type': 'no-info',
                                                                                                'function': model._text,
                                                                                            },
                                                                                            'schema': {
                                                                                                'type': 'nullable',
                                                                                                'schema': {
                                                                                                    'type': 'str',
                                                                                                },
                                                                                            },
                                                                                            'json_schema_input_schema': {
                                                                                                'type': 'nullable',
                                                                                                'schema': {
                                                                                                    'type': 'union',
                                                                                                    'choices': [
                                                                                                        {
                                                                                                            'type': 'str',
                                                                                                        },
                                                                                                        {
                                                                                                            'type': 'int',
                                                                                                        },
                                                                                                        {
                                                                                                            'type': 'float',
                                                                                                        },
                                                                                                    ],
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                        'default': None,
                                                                                    },
                                                                                },
                                                                                'action': {
                                                                                    'type': 'model-field',
                                                                                    'schema': {
                                                                                        'type': 'default',
                                                                                        'schema': {
                                                                                            'type': 'function-before',
                                                                                            'function': {
                                                                                                'type': 'no-info',
                                                                                                'function': model._text,
                                                                                            },
                                                                                            'schema': {
                                                                                                'type': 'nullable',
                                                                                                'schema': {
                                                                                                    'type': 'str',
                                                                                                },
                                                                                            },
                                                                                            'json_schema_input_schema': {
                                                                                                'type': 'nullable',
                                                                                                'schema': {
                                                                                                    'type': 'union',
                                                                                                    'choices': [
                                                                                                        {
                                                                                                            'type': 'str',
                                                                                                        },
                                                                                                        {
                                                                                                            'type': 'int',
                                                                                                        },
                                                                                                        {
                                                                                                            'type': 'float',
                                                                                                        },
                                                                                                    ],
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                        'default': None,
                                                                                    },
                                                                                },
                                                                                'customer_goal': {
                                                                                    'type': 'model-field',
                                                                                    'schema': {
                                                                                        'type': 'default',
                                                                                        'schema': {
                                                                                            'type': 'function-before',
                                                                                            'function': {
                                                                                                'type': 'no-info',
                                                                                                'function': model._text,
                                                                                            },
                                                                                            'schema': {
                                                                                                'type': 'nullable',
                                                                                                'schema': {
                                                                                                    'type': 'str',
                                                                                                },
                                                                                            },
                                                                                            'json_schema_input_schema': {
                                                                                                'type': 'nullable',
                                                                                                'schema': {
                                                                                                    'type': 'union',
                                                                                                    'choices': [
                                                                                                        {
                                                                                                            'type': 'str',
                                                                                                        },
                                                                                                        {
                                                                                                            'type': 'int',
                                                                                                        },
                                                                                                        {
                                                                                                            'type': 'float',
                                                                                                        },
                                                                                                    ],
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                        'default': None,
                                                                                    },
                                                                                },
                                                                                'thoughts': {
                                                                                    'type': 'model-field',
                                                                                    'schema': {
                                                                                        'type': 'default',
                                                                                        'schema': {
                                                                                            'type': 'function-before',
                                                                                            'function': {
                                                                                                'type': 'no-info',
                                                                                                'function': model._text,
                                                                                            },
                                                                                            'schema': {
                                                                                                'type': 'nullable',
                                                                                                'schema': {
                                                                                                    'type': 'str',
                                                                                                },
                                                                                            },
                                                                                            'json_schema_input_schema': {
                                                                                                'type': 'nullable',
                                                                                                'schema': {
                                                                                                    'type': 'union',
                                                                                                    'choices': [
                                                                                                        {
                                                                                                            'type': 'str',
                                                                                                        },
                                                                                                        {
                                                                                                            'type': 'int',
                                                                                                        },
                                                                                                        {
                                                                                                            'type': 'float',
                                                                                                        },
                                                                                                    ],
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                        'default': None,
                                                                                    },
                                                                                },
                                                                                'emotion': {
                                                                                    'type': 'model-field',
                                                                                    'schema': {
                                                                                        'type': 'default',
                                                                                        'schema': {
                                                                                            'type': 'function-before',
                                                                                            'function': {
                                                                                                'type': 'no-info',
                                                                                                'function': model._emotion,
                                                                                            },
                                                                                            'schema': {
                                                                                                'type': 'nullable',
                                                                                                'schema': {
                                                                                                    'type': 'int',
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                        'default': None,
                                                                                    },
                                                                                },
                                                                                'moment_of_truth': {
                                                                                    'type': 'model-field',
                                                                                    'schema': {
                                                                                        'type': 'default',
                                                                                        'schema': {
                                                                                            'type': 'function-before',
                                                                                            'function': {
                                                                                                'type': 'no-info',
                                                                                                'function': model._bool,
                                                                                            },
                                                                                            'schema': {
                                                                                                'type': 'nullable',
                                                                                                'schema': {
                                                                                                    'type': 'bool',
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                        'default': None,
                                                                                    },
                                                                                },
                                                                                'playbook': {
                                                                                    'type': 'model-field',
                                                                                    'schema': {
                                                                                        'type': 'default',
                                                                                        'schema': {
                                                                                            'type': 'function-before',
                                                                                            'function': {
                                                                                                'type': 'no-info',
                                                                                                'function': model._text,
                                                                                            },
                                                                                            'schema': {
                                                                                                'type': 'nullable',
                                                                                                'schema': {
                                                                                                    'type': 'str',
                                                                                                },
                                                                                            },
                                                                                            'json_schema_input_schema': {
                                                                                                'type': 'nullable',
                                                                                                'schema': {
                                                                                                    'type': 'union',
                                                                                                    'choices': [
                                                                                                        {
                                                                                                            'type': 'str',
                                                                                                        },
                                                                                                        {
                                                                                                            'type': 'int',
                                                                                                        },
                                                                                                        {
                                                                                                            'type': 'float',
                                                                                                        },
                                                                                                    ],
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                        'default': None,
                                                                                    },
                                                                                },
                                                                                'handoff': {
                                                                                    'type': 'model-field',
                                                                                    'schema': {
                                                                                        'type': 'default',
                                                                                        'schema': {
                                                                                            'type': 'function-after',
                                                                                            'function': {
                                                                                                'type': 'no-info',
                                                                                                'function': model._none_for_empty,
                                                                                            },
                                                                                            'schema': {
                                                                                                'type': 'nullable',
                                                                                                'schema': {
                                                                                                    'type': 'definition-ref',
                                                                                                    'schema_ref': 'jmap.model.Handoff:2',
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                        'default': None,
                                                                                    },
                                                                                },
                                                                                'metrics': {
                                                                                    'type': 'model-field',
                                                                                    'schema': {
                                                                                        'type': 'default',
                                                                                        'schema': {
                                                                                            'type': 'function-before',
                                                                                            'function': {
                                                                                                'type': 'no-info',
                                                                                                'function': model._empty_list_for_none,
                                                                                            },
                                                                                            'schema': {
                                                                                                'type': 'function-before',
                                                                                                'function': {
                                                                                                    'type': 'no-info',
                                                                                                    'function': model._metric_list,
                                                                                                },
                                                                                                'schema': {
                                                                                                    'type': 'list',
                                                                                                    'items_schema': {
                                                                                                        'type': 'definition-ref',
                                                                                                        'schema_ref': 'jmap.model.Metric:3',
                                                                                                    },
                                                                                                },
                                                                                                'json_schema_input_schema': {
                                                                                                    'type': 'nullable',
                                                                                                    'schema': {
                                                                                                        'type': 'union',
                                                                                                        'choices': [
                                                                                                            {
                                                                                                                'type': 'str',
                                                                                                            },
                                                                                                            {
                                                                                                                'type': 'list',
                                                                                                                'items_schema': {
                                                                                                                    'type': 'union',
                                                                                                                    'choices': [
                                                                                                                        {
                                                                                                                            'type': 'definition-ref',
                                                                                                                            'schema_ref': 'jmap.model.Metric:3',
                                                                                                                        },
                                                                                                                        {
                                                                                                                            'type': 'str',
                                                                                                                        },
                                                                                                                    ],
                                                                                                                },
                                                                                                            },
                                                                                                        ],
                                                                                                    },
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                        'default_factory': list,
                                                                                        'default_factory_takes_data': False,
                                                                                    },
                                                                                },
                                                                                'pain_points': {
                                                                                    'type': 'model-field',
                                                                                    'schema': {
                                                                                        'type': 'default',
                                                                                        'schema': {
                                                                                            'type': 'function-before',
                                                                                            'function': {
                                                                                                'type': 'no-info',
                                                                                                'function': model._empty_list_for_none,
                                                                                            },
                                                                                            'schema': {
                                                                                                'type': 'function-before',
                                                                                                'function': {
                                                                                                    'type': 'no-info',
                                                                                                    'function': model._model_list,
                                                                                                },
                                                                                                'schema': {
                                                                                                    'type': 'list',
                                                                                                    'items_schema': {
                                                                                                        'type': 'definition-ref',
                                                                                                        'schema_ref': 'jmap.model.PainPoint:4',
                                                                                                    },
                                                                                                },
                                                                                                'json_schema_input_schema': {
                                                                                                    'type': 'nullable',
                                                                                                    'schema': {
                                                                                                        'type': 'union',
                                                                                                        'choices': [
                                                                                                            {
                                                                                                                'type': 'str',
                                                                                                            },
                                                                                                            {
                                                                                                                'type': 'list',
                                                                                                                'items_schema': {
                                                                                                                    'type': 'union',
                                                                                                                    'choices': [
                                                                                                                        {
                                                                                                                            'type': 'definition-ref',
                                                                                                                            'schema_ref': 'jmap.model.PainPoint:4',
                                                                                                                        },
                                                                                                                        {
                                                                                                                            'type': 'str',
                                                                                                                        },
                                                                                                                    ],
                                                                                                                },
                                                                                                            },
                                                                                                        ],
                                                                                                    },
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                        'default_factory': list,
                                                                                        'default_factory_takes_data': False,
                                                                                    },
                                                                                },
                                                                            },
                                                                            'model_name': 'Touchpoint',
                                                                            'computed_fields': [],
                                                                        },
                                                                    },
                                                                    'custom_init': False,
                                                                    'root_model': False,
                                                                    'config': {
                                                                        'title': 'Touchpoint',
                                                                        'extra_fields_behavior': 'allow',
                                                                    },
                                                                    'ref': 'jmap.model.Touchpoint:5',
                                                                },
                                                            },
                                                        },
                                                        'default_factory': list,
                                                        'default_factory_takes_data': False,
                                                    },
                                                },
                                            },
                                            'model_name': 'Stage',
                                            'computed_fields': [],
                                        },
                                    },
                                    'custom_init': False,
                                    'root_model': False,
                                    'config': {'title': 'Stage', 'extra_fields_behavior': 'allow'},
                                    'ref': 'jmap.model.Stage:6',
                                },
                            },
                        },
                    },
                },
                'model_name': 'JourneyMap',
                'computed_fields': [],
            },
        },
        'custom_init': False,
        'root_model': False,
        'config': {'title': 'JourneyMap', 'extra_fields_behavior': 'allow'},
        'ref': 'jmap.model.JourneyMap:7',
    },
    'definitions': [
        {
            'type': 'function-after',
            'function': {'type': 'no-info', 'function': model.Evidence._not_empty},
            'schema': {
                'type': 'model',
                'cls': model.Evidence,
                'schema': {
                    'type': 'function-before',
                    'function': {'type': 'no-info', 'function': model.Evidence._only_x_extras},
                    'schema': {
                        'type': 'model-fields',
                        'fields': {
                            'id': {
                                'type': 'model-field',
                                'schema': {
                                    'type': 'default',
                                    'schema': {
                                        'type': 'function-before',
                                        'function': {'type': 'no-info', 'function': model._text},
                                        'schema': {
                                            'type': 'nullable',
                                            'schema': {'type': 'str', 'pattern': '^[a-z0-9][a-z0-9-]*$'},
                                        },
                                    },
                                    'default': None,
                                },
                            },
                            'type': {
                                'type': 'model-field',
                                'schema': {
                                    'type': 'default',
                                    'schema': {
                                        'type': 'function-before',
                                        'function': {'type': 'no-info', 'function': model._word},
                                        'schema': {
                                            'type': 'nullable',
                                            'schema': {
                                                'type': 'literal',
                                                'expected': [
                                                    'interview',
                                                    'survey',
                                                    'support-tickets',
                                                    'nps',
                                                    'analytics',
                                                    'session-recording',
                                                    'workshop',
                                                    'other',
                                                ],
                                            },
                                        },
                                        'json_schema_input_schema': {'type': 'any'},
                                    },
                                    'default': None,
                                },
                            },
                            'source': {
                                'type': 'model-field',
                                'schema': {
                                    'type': 'default',
                                    'schema': {
                                        'type': 'function-before',
                                        'function': {'type': 'no-info', 'function': model._text},
                                        'schema': {'type': 'nullable', 'schema': {'type': 'str'}},
                                        'json_schema_input_schema': {
                                            'type': 'nullable',
                                            'schema': {
                                                'type': 'union',
                                                'choices': [{'type': 'str'}, {'type': 'int'}, {'type': 'float'}],
                                            },
                                        },
                                    },
                                    'default': None,
                                },
                            },
                            'date': {
                                'type': 'model-field',
                                'schema': {
                                    'type': 'default',
                                    'schema': {
                                        'type': 'function-before',
                                        'function': {'type': 'no-info', 'function': model._date},
                                        'schema': {'type': 'nullable', 'schema': {'type': 'date'}},
                                        'json_schema_input_schema': {'type': 'nullable', 'schema': {'type': 'date'}},
                                        'serialization': {
                                            'type': 'function-plain',
                                            'function': model._iso_date,
                                            'info_arg': False,
                                            'return_schema': {'type': 'nullable', 'schema': {'type': 'str'}},
                                            'when_used': 'json',
                                        },
                                    },
                                    'default': None,
                                },
                            },
                        },
                        'model_name': 'Evidence',
                        'computed_fields': [],
                    },
                },
                'custom_init': False,
                'root_model': False,
                'config': {'title': 'Evidence', 'extra_fields_behavior': 'allow'},
            },
            'ref': 'jmap.model.Evidence:1',
        },
        {
            'type': 'model',
            'cls': model.Handoff,
            'schema': {
                'type': 'function-before',
                'function': {'type': 'no-info', 'function': model.Handoff._only_x_extras},
                'schema': {
                    'type': 'model-fields',
                    'fields': {
                        'from_': {
                            'type': 'model-field',
                            'schema': {
                                'type': 'default',
                                'schema': {
                                    'type': 'function-before',
                                    'function': {'type': 'no-info', 'function': model._text},
                                    'schema': {'type': 'nullable', 'schema': {'type': 'str'}},
                                    'json_schema_input_schema': {
                                        'type': 'nullable',
                                        'schema': {
                                            'type': 'union',
                                            'choices': [{'type': 'str'}, {'type': 'int'}, {'type': 'float'}],
                                        },
                                    },
                                },
                                'default': None,
                            },
                            'validation_alias': 'from',
                            'serialization_alias': 'from',
                        },
                        'to': {
                            'type': 'model-field',
                            'schema': {
                                'type': 'default',
                                'schema': {
                                    'type': 'function-before',
                                    'function': {'type': 'no-info', 'function': model._text},
                                    'schema': {'type': 'nullable', 'schema': {'type': 'str'}},
                                    'json_schema_input_schema': {
                                        'type': 'nullable',
                                        'schema': {
                                            'type': 'union',
                                            'choices': [{'type': 'str'}, {'type': 'int'}, {'type': 'float'}],
                                        },
                                    },
                                },
                                'default': None,
                            },
                        },
                        'what': {
                            'type': 'model-field',
                            'schema': {
                                'type': 'default',
                                'schema': {
                                    'type': 'function-before',
                                    'function': {'type': 'no-info', 'function': model._text},
                                    'schema': {'type': 'nullable', 'schema': {'type': 'str'}},
                                    'json_schema_input_schema': {
                                        'type': 'nullable',
                                        'schema': {
                                            'type': 'union',
                                            'choices': [{'type': 'str'}, {'type': 'int'}, {'type': 'float'}],
                                        },
                                    },
                                },
                                'default': None,
                            },
                        },
                        'owner': {
                            'type': 'model-field',
                            'schema': {
                                'type': 'default',
                                'schema': {
                                    'type': 'function-before',
                                    'function': {'type': 'no-info', 'function': model._text},
                                    'schema': {'type': 'nullable', 'schema': {'type': 'str'}},
                                    'json_schema_input_schema': {
                                        'type': 'nullable',
                                        'schema': {
                                            'type': 'union',
                                            'choices': [{'type': 'str'}, {'type': 'int'}, {'type': 'float'}],
                                        },
                                    },
                                },
                                'default': None,
                            },
                        },
                    },
                    'model_name': 'Handoff',
                    'computed_fields': [],
                },
            },
            'custom_init': False,
            'root_model': False,
            'config': {
                'title': 'Handoff',
                'extra_fields_behavior': 'allow',
                'validate_by_alias': True,
                'validate_by_name': True,
            },
            'ref': 'jmap.model.Handoff:2',
        },
        {
            'type': 'model',
            'cls': model.Metric,
            'schema': {
                'type': 'function-before',
                'function': {'type': 'no-info', 'function': model.Metric._shorthand},
                'schema': {
                    'type': 'function-before',
                    'function': {'type': 'no-info', 'function': model.Metric._only_x_extras},
                    'schema': {
                        'type': 'model-fields',
                        'fields': {
                            'name': {
                                'type': 'model-field',
                                'schema': {
                                    'type': 'function-before',
                                    'function': {'type': 'no-info', 'function': model._text},
                                    'schema': {'type': 'str'},
                                },
                            },
                            'type': {
                                'type': 'model-field',
                                'schema': {
                                    'type': 'default',
                                    'schema': {
                                        'type': 'function-before',
                                        'function': {'type': 'no-info', 'function': model._word},
                                        'schema': {
                                            'type': 'nullable',
                                            'schema': {
                                                'type': 'literal',
                                                'expected': [
                                                    'nps',
                                                    'csat',
                                                    'ces',
                                                    'time-to-value',
                                                    'retention',
                                                    'ticket-volume',
                                                    'usage',
                                                    'other',
                                                ],
                                            },
                                        },
                                        'json_schema_input_schema': {'type': 'any'},
                                    },
                                    'default': None,
                                },
                            },
                            'unit': {
                                'type': 'model-field',
                                'schema': {
                                    'type': 'default',
                                    'schema': {
                                        'type': 'function-before',
                                        'function': {'type': 'no-info', 'function': model._text},
                                        'schema': {'type': 'nullable', 'schema': {'type': 'str'}},
                                        'json_schema_input_schema': {
                                            'type': 'nullable',
                                            'schema': {
                                                'type': 'union',
                                                'choices': [{'type': 'str'}, {'type': 'int'}, {'type': 'float'}],
                                            },
                                        },
                                    },
                                    'default': None,
                                },
                            },
                            'baseline': {
                                'type': 'model-field',
                                'schema': {
                                    'type': 'default',
                                    'schema': {
                                        'type': 'function-before',
                                        'function': {'type': 'no-info', 'function': model._number},
                                        'schema': {
                                            'type': 'nullable',
                                            'schema': {'type': 'union', 'choices': [{'type': 'int'}, {'type': 'float'}]},
                                        },
                                    },
                                    'default': None,
                                },
                            },
                            'current': {
                                'type': 'model-field',
                                'schema': {
                                    'type': 'default',
                                    'schema': {
                                        'type': 'function-before',
                                        'function': {'type': 'no-info', 'function': model._number},
                                        'schema': {
                                            'type': 'nullable',
                                            'schema': {'type': 'union', 'choices': [{'type': 'int'}, {'type': 'float'}]},
                                        },
                                    },
                                    'default': None,
                                },
                            },
                            'target': {
                                'type': 'model-field',
                                'schema': {
                                    'type': 'default',
                                    'schema': {
                                        'type': 'function-before',
                                        'function': {'type': 'no-info', 'function': model._number},
                                        'schema': {
                                            'type': 'nullable',
                                            'schema': {'type': 'union', 'choices': [{'type': 'int'}, {'type': 'float'}]},
                                        },
                                    },
                                    'default': None,
                                },
                            },
                            'direction': {
                                'type': 'model-field',
                                'schema': {
                                    'type': 'default',
                                    'schema': {
                                        'type': 'function-before',
                                        'function': {'type': 'no-info', 'function': model._word},
                                        'schema': {
                                            'type': 'nullable',
                                            'schema': {'type': 'literal', 'expected': ['up', 'down']},
                                        },
                                        'json_schema_input_schema': {'type': 'any'},
                                    },
                                    'default': None,
                                },
                            },
                            'as_of': {
                                'type': 'model-field',
                                'schema': {
                                    'type': 'default',
                                    'schema': {
                                        'type': 'function-before',
                                        'function': {'type': 'no-info', 'function': model._date},
                                        'schema': {'type': 'nullable', 'schema': {'type': 'date'}},
                                        'json_schema_input_schema': {'type': 'nullable', 'schema': {'type': 'date'}},
                                        'serialization': {
                                            'type': 'function-plain',
                                            'function': model._iso_date,
                                            'info_arg': False,
                                            'return_schema': {'type': 'nullable', 'schema': {'type': 'str'}},
                                            'when_used': 'json',
                                        },
                                    },
                                    'default': None,
                                },
                            },
                            'source': {
                                'type': 'model-field',
                                'schema': {
                                    'type': 'default',
                                    'schema': {
                                        'type': 'function-before',
                                        'function': {'type': 'no-info', 'function': model._text},
                                        'schema': {'type': 'nullable', 'schema': {'type': 'str'}},
                                        'json_schema_input_schema': {
                                            'type': 'nullable',
                                            'schema': {
                                                'type': 'union',
                                                'choices': [{'type': 'str'}, {'type': 'int'}, {'type': 'float'}],
                                            },
                                        },
                                    },
                                    'default': None,
                                },
                            },
                        },
                        'model_name': 'Metric',
                        'computed_fields': [],
                    },
                },
            },
            'custom_init': False,
            'root_model': False,
            'config': {'title': 'Metric', 'extra_fields_behavior': 'allow'},
            'ref': 'jmap.model.Metric:3',
        },
        {
            'type': 'function-after',
            'function': {'type': 'no-info', 'function': model.PainPoint._empty_opportunity_is_none},
            'schema': {
                'type': 'model',
                'cls': model.PainPoint,
                'schema': {
                    'type': 'function-before',
                    'function': {'type': 'no-info', 'function': model.PainPoint._shorthand},
                    'schema': {
                        'type': 'function-before',
                        'function': {'type': 'no-info', 'function': model.PainPoint._only_x_extras},
                        'schema': {
                            'type': 'model-fields',
                            'fields': {
                                'text': {
                                    'type': 'model-field',
                                    'schema': {
                                        'type': 'default',
                                        'schema': {
                                            'type': 'function-before',
                                            'function': {'type': 'no-info', 'function': model._text},
                                            'schema': {'type': 'nullable', 'schema': {'type': 'str'}},
                                            'json_schema_input_schema': {
                                                'type': 'nullable',
                                                'schema': {
                                                    'type': 'union',
                                                    'choices': [{'type': 'str'}, {'type': 'int'}, {'type': 'float'}],
                                                },
                                            },
                                        },
                                        'default': None,
                                    },
                                },
                                'basis': {
                                    'type': 'model-field',
                                    'schema': {
                                        'type': 'default',
                                        'schema': {
                                            'type': 'function-before',
                                            'function': {'type': 'no-info', 'function': model._word},
                                            'schema': {
                                                'type': 'nullable',
                                                'schema': {'type': 'literal', 'expected': ['observed', 'assumed']},
                                            },
                                            'json_schema_input_schema': {'type': 'any'},
                                        },
                                        'default': None,
                                    },
                                },
                                'evidence': {
                                    'type': 'model-field',
                                    'schema': {
                                        'type': 'default',
                                        'schema': {
                                            'type': 'function-before',
                                            'function': {'type': 'no-info', 'function': model._empty_list_for_none},
                                            'schema': {
                                                'type': 'function-before',
                                                'function': {'type': 'no-info', 'function': model._text_list},
                                                'schema': {
                                                    'type': 'list',
                                                    'items_schema': {'type': 'str', 'pattern': '^[a-z0-9][a-z0-9-]*$'},
                                                },
                                                'json_schema_input_schema': {
                                                    'type': 'nullable',
                                                    'schema': {
                                                        'type': 'union',
                                                        'choices': [
                                                            {'type': 'str'},
                                                            {'type': 'list', 'items_schema': {'type': 'str'}},
                                                        ],
                                                    },
                                                },
                                            },
                                        },
                                        'default_factory': list,
                                        'default_factory_takes_data': False,
                                    },
                                },
                                'opportunity': {
                                    'type': 'model-field',
                                    'schema': {
                                        'type': 'default',
                                        'schema': {
                                            'type': 'nullable',
                                            'schema': {
                                                'type': 'model',
                                                'cls': model.Opportunity,
                                                'schema': {
                                                    'type': 'function-before',
                                                    'function': {
                                                        'type': 'no-info',
                                                        'function': model.Opportunity._only_x_extras,
                                                    },
                                                    'schema': {
                                                        'type': 'model-fields',
                                                        'fields': {
                                                            'fix': {
                                                                'type': 'model-field',
                                                                'schema': {
                                                                    'type': 'default',
                                                                    'schema': {
                                                                        'type': 'function-before',
                                                                        'function': {
                                                                            'type': 'no-info',
                                                                            'function': model._text,
                                                                        },
                                                                        'schema': {
                                                                            'type': 'nullable',
                                                                            'schema': {'type': 'str'},
                                                                        },
                                                                        'json_schema_input_schema': {
                                                                            'type': 'nullable',
                                                                            'schema': {
                                                                                'type': 'union',
                                                                                'choices': [
                                                                                    {'type': 'str'},
                                                                                    {'type': 'int'},
                                                                                    {'type': 'float'},
                                                                                ],
                                                                            },
                                                                        },
                                                                    },
                                                                    'default': None,
                                                                },
                                                            },
                                                            'owner': {
                                                                'type': 'model-field',
                                                                'schema': {
                                                                    'type': 'default',
                                                                    'schema': {
                                                                        'type': 'function-before',
                                                                        'function': {
                                                                            'type': 'no-info',
                                                                            'function': model._text,
                                                                        },
                                                                        'schema': {
                                                                            'type': 'nullable',
                                                                            'schema': {'type': 'str'},
                                                                        },
                                                                        'json_schema_input_schema': {
                                                                            'type': 'nullable',
                                                                            'schema': {
                                                                                'type': 'union',
                                                                                'choices': [
                                                                                    {'type': 'str'},
                                                                                    {'type': 'int'},
                                                                                    {'type': 'float'},
                                                                                ],
                                                                            },
                                                                        },
                                                                    },
                                                                    'default': None,
                                                                },
                                                            },
                                                            'target': {
                                                                'type': 'model-field',
                                                                'schema': {
                                                                    'type': 'default',
                                                                    'schema': {
                                                                        'type': 'function-before',
                                                                        'function': {
                                                                            'type': 'no-info',
                                                                            'function': model._text,
                                                                        },
                                                                        'schema': {
                                                                            'type': 'nullable',
                                                                            'schema': {'type': 'str'},
                                                                        },
                                                                        'json_schema_input_schema': {
                                                                            'type': 'nullable',
                                                                            'schema': {
                                                                                'type': 'union',
                                                                                'choices': [
                                                                                    {'type': 'str'},
                                                                                    {'type': 'int'},
                                                                                    {'type': 'float'},
                                                                                ],
                                                                            },
                                                                        },
                                                                    },
                                                                    'default': None,
                                                                },
                                                            },
                                                            'impact': {
                                                                'type': 'model-field',
                                                                'schema': {
                                                                    'type': 'default',
                                                                    'schema': {
                                                                        'type': 'function-before',
                                                                        'function': {
                                                                            'type': 'no-info',
                                                                            'function': model._word,
                                                                        },
                                                                        'schema': {
                                                                            'type': 'nullable',
                                                                            'schema': {
                                                                                'type': 'literal',
                                                                                'expected': ['high', 'medium', 'low'],
                                                                            },
                                                                        },
                                                                        'json_schema_input_schema': {'type': 'any'},
                                                                    },
                                                                    'default': None,
                                                                },
                                                            },
                                                            'effort': {
                                                                'type': 'model-field',
                                                                'schema': {
                                                                    'type': 'default',
                                                                    'schema': {
                                                                        'type': 'function-before',
                                                                        'function': {
                                                                            'type': 'no-info',
                                                                            'function': model._word,
                                                                        },
                                                                        'schema': {
                                                                            'type': 'nullable',
                                                                            'schema': {
                                                                                'type': 'literal',
                                                                                'expected': ['high', 'medium', 'low'],
                                                                            },
                                                                        },
                                                                        'json_schema_input_schema': {'type': 'any'},
                                                                    },
                                                                    'default': None,
                                                                },
                                                            },
                                                            'confidence': {
                                                                'type': 'model-field',
                                                                'schema': {
                                                                    'type': 'default',
                                                                    'schema': {
                                                                        'type': 'function-before',
                                                                        'function': {
                                                                            'type': 'no-info',
                                                                            'function': model._word,
                                                                        },
                                                                        'schema': {
                                                                            'type': 'nullable',
                                                                            'schema': {
                                                                                'type': 'literal',
                                                                                'expected': ['high', 'medium', 'low'],
                                                                            },
                                                                        },
                                                                        'json_schema_input_schema': {'type': 'any'},
                                                                    },
                                                                    'default': None,
                                                                },
                                                            },
                                                            'value': {
                                                                'type': 'model-field',
                                                                'schema': {
                                                                    'type': 'default',
                                                                    'schema': {
                                                                        'type': 'function-before',
                                                                        'function': {
                                                                            'type': 'no-info',
                                                                            'function': model._word,
                                                                        },
                                                                        'schema': {
                                                                            'type': 'nullable',
                                                                            'schema': {
                                                                                'type': 'literal',
                                                                                'expected': ['high', 'medium', 'low'],
                                                                            },
                                                                        },
                                                                        'json_schema_input_schema': {'type': 'any'},
                                                                    },
                                                                    'default': None,
                                                                },
                                                            },
                                                            'status': {
                                                                'type': 'model-field',
                                                                'schema': {
                                                                    'type': 'default',
                                                                    'schema': {
                                                                        'type': 'function-before',
                                                                        'function': {
                                                                            'type': 'no-info',
                                                                            'function': model._word,
                                                                        },
                                                                        'schema': {
                                                                            'type': 'nullable',
                                                                            'schema': {
                                                                                'type': 'literal',
                                                                                'expected': [
                                                                                    'idea',
                                                                                    'open',
                                                                                    'in-progress',
                                                                                    'shipped',
                                                                                    'measured',
                                                                                    'dropped',
                                                                                ],
                                                                            },
                                                                        },
                                                                        'json_schema_input_schema': {'type': 'any'},
                                                                    },
                                                                    'default': None,
                                                                },
                                                            },
                                                        },
                                                        'model_name': 'Opportunity',
                                                        'computed_fields': [],
                                                    },
                                                },
                                                'custom_init': False,
                                                'root_model': False,
                                                'config': {'title': 'Opportunity', 'extra_fields_behavior': 'allow'},
                                                'ref': 'jmap.model.Opportunity:8',
                                            },
                                        },
                                        'default': None,
                                    },
                                },
                            },
                            'model_name': 'PainPoint',
                            'computed_fields': [],
                        },
                    },
                },
                'custom_init': False,
                'root_model': False,
                'config': {'title': 'PainPoint', 'extra_fields_behavior': 'allow'},
            },
            'ref': 'jmap.model.PainPoint:4',
        },
    ],
}
